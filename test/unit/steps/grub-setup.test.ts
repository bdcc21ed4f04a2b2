// grub-setup: which installed packages are the migration packages to remove.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrationPackages } from '../../../entrypoint/steps/grub-setup.js';

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

test.run();
