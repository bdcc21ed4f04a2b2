// regenerate-initrd: the step runs only with build_host_independent_initrd; dracut's line is the original's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DRACUT, regenerateInitrd } from '../../../entrypoint/steps/regenerate-initrd.js';
import { chrootArgv } from '../../../entrypoint/system/host-programs.js';
import { stepContext } from '../../helpers/step-context.js';

test('the host-independent initrd is built only when build_host_independent_initrd is set', async () => {
  assert.match(
    String(await regenerateInitrd.skipReason!(stepContext('/system-root'))),
    /build_host_independent_initrd is not set: the new kernel's package scriptlets already built its initrd/,
  );
  assert.is(await regenerateInitrd.skipReason!(stepContext('/system-root', { build_host_independent_initrd: true })), undefined);
});

test("dracut runs chrooted with the original's flags (regenerate_initrd_test.py::test_main)", () => {
  // The original: ['bash', '-c', 'chroot /system-root dracut ... --regenerate-all &>> /var/log/distro_migration.log'];
  // we run the same command without a shell and stream its output into the log.
  const original = 'chroot /system-root dracut --force --verbose --no-host-only --no-hostonly-cmdline --regenerate-all';
  assert.is(chrootArgv('/system-root', DRACUT).join(' '), original);
});

test.run();
