// grub-setup: which installed packages are the migration packages to remove; the boot menu command.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GRUB_MKCONFIG, migrationPackages } from '../../../entrypoint/steps/grub-setup.js';
import { chrootArgv } from '../../../entrypoint/system/host-programs.js';

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

test.run();
