// apparmor-selinux: the security=apparmor kernel parameter becomes security=selinux; the two zypper lines.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../entrypoint/errors.js';
import { apparmorSelinux, saltReinstallArgv, selinuxPatternArgv, switchLsmParameter } from '../../../entrypoint/steps/apparmor-selinux.js';
import { stepContext } from '../../helpers/step-context.js';

/** The original's lines (parity-notes 2.2), generated with its code: `chroot /system-root` + this, logged with tee. */
const ORIGINAL_INSTALL =
  'zypper --no-cd --non-interactive --gpg-auto-import-keys install --auto-agree-with-licenses --allow-vendor-change --download in-advance --replacefiles --allow-downgrade';
/** Ours: the container's zypper on the host root (--root /system-root after the global flags) instead of the chroot. */
const OUR_INSTALL =
  'zypper --no-cd --non-interactive --gpg-auto-import-keys --root /system-root install --auto-agree-with-licenses --allow-vendor-change --download in-advance --replacefiles --allow-downgrade';

test('security=apparmor becomes security=selinux, word-bounded', () => {
  assert.equal(switchLsmParameter('GRUB_CMDLINE_LINUX_DEFAULT="quiet security=apparmor splash"\nX="security=apparmor"\n'), {
    text: 'GRUB_CMDLINE_LINUX_DEFAULT="quiet security=selinux splash"\nX="security=selinux"\n',
    count: 2,
  });
  const other = 'A="nosecurity=apparmor security=apparmor2"\n';
  assert.equal(switchLsmParameter(other), { text: other, count: 0 });
});

test("the SELinux pattern is installed with --no-recommends, as the original's extra_args (apparmor_migration_test.py::test_main)", () => {
  assert.is(selinuxPatternArgv('/system-root').join(' '), `${OUR_INSTALL} --no-recommends patterns-base-selinux`);
  assert.is(OUR_INSTALL.replace(' --root /system-root', ''), ORIGINAL_INSTALL);
});

test("venv-salt-minion is re-installed with --force and nothing else: no --no-recommends (the original: extra_args=['--force'])", () => {
  const argv = saltReinstallArgv('/system-root');
  assert.is(argv.join(' '), `${OUR_INSTALL} --force venv-salt-minion`);
  assert.not.ok(argv.includes('--no-recommends'));
});

test('a host without /etc/default/grub fails the step before any package is touched (apparmor_migration_test.py::test_main_raises)', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-lsm-'));
  const ctx = stepContext(root);
  try {
    await apparmorSelinux.run(ctx);
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, StepError);
    assert.match((err as Error).message, /^cannot read the host's \/etc\/default\/grub: /);
    assert.match((err as StepError).hint ?? '', /set the kernel parameter security=selinux in the boot loader by hand/);
    assert.equal(ctx.changes, []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
