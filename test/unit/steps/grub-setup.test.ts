// grub-setup: which installed packages are the migration packages to remove; the boot menu command.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GRUB_MKCONFIG, grubSetup, migrationPackages } from '../../../entrypoint/steps/grub-setup.js';
import { chrootArgv } from '../../../entrypoint/system/host-programs.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bootToolsRoot, removeBootToolsRoot, SLE15_KERNEL, withKernelFileSystems } from '../../helpers/boot-root.js';
import { installedPackages } from '../../bed/zypper.js';
import { stepContext } from '../../helpers/step-context.js';

test("the migration packages are found by the original's globs SLE*Migration and suse-migration-*-activation", () => {
  assert.equal(
    migrationPackages([
      'SLES16-Migration',
      'SLES_SAP16-Migration',
      'suse-migration-sle16-activation',
      'suse-migration-scripts',
      'SLES16-Migration-extra',
      'kernel-default',
    ]),
    ['SLES16-Migration', 'SLES_SAP16-Migration', 'suse-migration-sle16-activation'],
  );
  assert.equal(migrationPackages(['kernel-default']), []);
});

test("grub2-mkconfig is the original's line, chrooted (grub_setup_test.py::test_main)", () => {
  assert.equal(chrootArgv('/system-root', GRUB_MKCONFIG), ['chroot', '/system-root', 'grub2-mkconfig', '-o', '/boot/grub2/grub.cfg']);
});

test("real grub-mkconfig (Debian's GRUB 2.06 under SUSE's name) writes the host's grub.cfg from its /etc/default/grub; the migration packages are removed first", async () => {
  const root = await bootToolsRoot();
  try {
    await mkdir(path.join(root, 'etc/default'));
    await writeFile(
      path.join(root, 'etc/default/grub'),
      'GRUB_TIMEOUT=8\nGRUB_CMDLINE_LINUX_DEFAULT="splash=silent security=selinux quiet"\n',
    );
    const ctx = stepContext(root);
    await withKernelFileSystems(root, () => grubSetup.run(ctx));
    const cfg = await readFile(path.join(root, 'boot/grub2/grub.cfg'), 'utf8');
    assert.match(cfg, /^### BEGIN \/etc\/grub\.d\/10_linux ###$/m);
    assert.match(cfg, /^\s*set timeout=8$/m);
    assert.match(cfg, new RegExp(`^\\s+linux\\s+/boot/vmlinuz-${SLE15_KERNEL} root=\\S+ ro +splash=silent security=selinux quiet$`, 'm'));
    assert.equal(
      ctx.changes.map((c) => `${c.path} ${c.before}`),
      ['/boot/grub2/grub.cfg absent'],
    );
    const installed = await installedPackages(root);
    assert.not.ok(
      installed.some((p) => /^(SLES16-Migration|suse-migration-sle16-activation)-/.test(p)),
      installed.join(' '),
    );
  } finally {
    await removeBootToolsRoot(root);
  }
});

test('real grub-mkconfig failing (a broken script in /etc/grub.d) fails the step with the command and its exit code', async () => {
  const root = await bootToolsRoot();
  try {
    await writeFile(path.join(root, 'etc/grub.d/45_broken'), '#!/bin/sh\necho "45_broken: cannot read the theme" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const ctx = stepContext(root);
    const error = await withKernelFileSystems(root, () => grubSetup.run(ctx)).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.match(String(error?.message), /^Update grub failed with: grub2-mkconfig -o \/boot\/grub2\/grub\.cfg exited with 1$/);
    assert.equal(ctx.changes, [], 'grub-mkconfig left the old grub.cfg (none) in place');
  } finally {
    await removeBootToolsRoot(root);
  }
});

test.run();
