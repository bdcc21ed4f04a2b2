// Tests of the registration-present check against synthetic registration files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { registrationPresent } from '../../../entrypoint/checks/registration-present.js';
import { makeRoot, removeRoot, rootCheckContext } from '../../helpers/check-root.js';

const plugin = { mode: 'plugin' as const };

test('an unregistered host inhibits plugin mode', async () => {
  const root = await makeRoot({ '/etc/hosts': '127.0.0.1 localhost\n' });
  const finding = await registrationPresent.run(await rootCheckContext(root, plugin));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /no registration credentials in \/etc\/zypp\/credentials\.d\/SCCcredentials/);
  assert.is((await registrationPresent.run(await rootCheckContext(root))).ok, true, 'dup mode needs no registration');
  await removeRoot(root);
});

test('SCC credentials (or the cloud update infrastructure) pass', async () => {
  const root = await makeRoot({ '/etc/zypp/credentials.d/SCCcredentials': 'username=SCC_abc\npassword=secret\n' });
  assert.is((await registrationPresent.run(await rootCheckContext(root, plugin))).ok, true);
  await removeRoot(root);
  const cloud = await makeRoot({ '/etc/hosts': '10.0.0.1 smt-ec2.susecloud.net\n' });
  assert.is((await registrationPresent.run(await rootCheckContext(cloud, plugin))).ok, true);
  await removeRoot(cloud);
});

test.run();
