// upgrade: the kernel command line's migration.single_rpmtrans switch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { singleRpmTransEnv } from '../../../entrypoint/steps/upgrade.js';

test('migration.single_rpmtrans=true or 1 (any case) turns both zypp switches on, anything else off', () => {
  for (const cmdline of ['BOOT_IMAGE=/vmlinuz migration.single_rpmtrans=1 quiet', 'migration.single_rpmtrans=TRUE']) {
    assert.equal(singleRpmTransEnv(cmdline), { ZYPP_SINGLE_RPMTRANS: '1', ZYPP_NO_USRMERGE_PROTECT: '1' }, cmdline);
  }
  for (const cmdline of ['', 'migration.single_rpmtrans=0', 'migration.single_rpmtrans=yes', 'xmigration.single_rpmtrans=1']) {
    assert.equal(singleRpmTransEnv(cmdline), { ZYPP_SINGLE_RPMTRANS: '0', ZYPP_NO_USRMERGE_PROTECT: '0' }, cmdline);
  }
});

test.run();
