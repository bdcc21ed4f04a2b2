// upgrade: the kernel command line's migration.single_rpmtrans switch, parsed as the original parses it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { singleRpmTransEnv } from '../../../entrypoint/steps/upgrade.js';

const ON = { ZYPP_SINGLE_RPMTRANS: '1', ZYPP_NO_USRMERGE_PROTECT: '1' };
const OFF = { ZYPP_SINGLE_RPMTRANS: '0', ZYPP_NO_USRMERGE_PROTECT: '0' };
const BOOT = 'BOOT_IMAGE=/boot/vmlinuz-5.3.18-150300.59.87-default';

test('the six cases of the original (migrate_test.py::test_is_single_rpmtrans_requested)', () => {
  assert.equal(singleRpmTransEnv(`${BOOT} root=/dev/sda2`), OFF, 'absent');
  assert.equal(singleRpmTransEnv(`${BOOT} migration.single_rpmtrans=true`), ON, 'true');
  assert.equal(singleRpmTransEnv(`${BOOT} migration.single_rpmtrans=1`), ON, '1');
  assert.equal(singleRpmTransEnv(`${BOOT} migration.single_rpmtrans=false`), OFF, 'false');
  assert.equal(singleRpmTransEnv(`${BOOT} migration.single_rpmtrans=0`), OFF, '0');
  assert.equal(singleRpmTransEnv(`${BOOT} migration.single_rpmtrans=unexpected`), OFF, 'unexpected');
});

test("the original's regular expression at its edges: word characters only, unanchored, any character for the dot, first match", () => {
  // The value is [\w]+: it stops at the first character that is not a word character.
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=1,x'), ON);
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=TRUE\n'), ON, 'lower-cased');
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=true-ish'), ON);
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=1_0'), OFF, '_ is a word character');
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=yes'), OFF);
  // Python's \w is Unicode: a letter after `true` belongs to the value.
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=trueé'), OFF);
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=1\u0663'), OFF, 'an Arabic-Indic digit too');
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans="1"'), OFF, 'a quote is no word character');
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans= 1'), OFF, 'an empty value does not match');
  // re.search: no anchor, so a prefix does not hide it; the unescaped dot matches any character but a newline.
  assert.equal(singleRpmTransEnv('rd.migration.single_rpmtrans=1'), ON);
  assert.equal(singleRpmTransEnv('xmigration.single_rpmtrans=1'), ON);
  assert.equal(singleRpmTransEnv('migration-single_rpmtrans=1'), ON);
  assert.equal(singleRpmTransEnv('migration\nsingle_rpmtrans=1'), OFF);
  // The first occurrence decides (the kernel would take the last).
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans=0 migration.single_rpmtrans=1'), OFF);
  assert.equal(singleRpmTransEnv('migration.single_rpmtrans= migration.single_rpmtrans=1'), ON, 'the search goes on past a non-match');
  assert.equal(singleRpmTransEnv(''), OFF);
});

test.run();
