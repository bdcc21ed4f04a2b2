// regenerate-initrd: the step runs only with build_host_independent_initrd; dracut's line is the original's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DRACUT, regenerateInitrd } from '../../../entrypoint/steps/regenerate-initrd.js';
import { chrootArgv } from '../../../entrypoint/system/host-programs.js';
import { stepContext } from '../../helpers/step-context.js';
import { bootToolsRoot, removeBootToolsRoot, SLE15_KERNEL } from '../../helpers/boot-root.js';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

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

test("real dracut (Debian's 059) builds the kernel's host-independent initrd in a synthetic SLES root, with the /dev, /proc and /sys the step binds", async () => {
  const root = await bootToolsRoot();
  try {
    const ctx = stepContext(root, { build_host_independent_initrd: true });
    try {
      await regenerateInitrd.run(ctx);
    } finally {
      assert.equal(await ctx.mounts.releaseAll(), [], 'the step left no mount behind');
    }
    const initrd = `/boot/initrd-${SLE15_KERNEL}`;
    assert.ok((await stat(path.join(root, initrd))).size > 1_000_000, 'an initrd of some MiB');
    // dracut's own lister reads it back: --regenerate-all ran dracut for that kernel with the step's flags.
    const listing = (await execa('chroot', [root, 'lsinitrd', initrd])).stdout;
    assert.match(listing, new RegExp(`^Arguments: +--kver '${SLE15_KERNEL}' --force --verbose --no-host-only --no-hostonly-cmdline$`, 'm'));
    assert.match(listing, /^dracut modules:\n(?:.*\n)*?kernel-modules\n/m);
    assert.match(listing, / usr\/bin\/udevadm$/m);
    // The door kept the state before (none) of the file dracut wrote.
    assert.equal(
      ctx.changes.map((c) => c.path),
      [initrd],
    );
    assert.is((await readFile(path.join(root, 'etc/os-release'), 'utf8')).includes('SLES'), true, 'still a SLES root');
  } finally {
    await removeBootToolsRoot(root);
  }
});

test.run();
