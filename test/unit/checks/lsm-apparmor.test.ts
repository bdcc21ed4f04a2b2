// Tests of the lsm-apparmor check against synthetic /sys and /etc/apparmor.d trees.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lsmApparmor } from '../../../entrypoint/checks/lsm-apparmor.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('enabled AppArmor is reported for a SLE 16 target, with the number of profiles', async () => {
  const root = await makeRoot({
    '/sys/module/apparmor/parameters/enabled': 'Y\n',
    '/etc/apparmor.d/usr.sbin.nscd': 'profile nscd {}\n',
    '/etc/apparmor.d/usr.sbin.ntpd': 'profile ntpd {}\n',
  });
  const finding = await lsmApparmor.run(checkContext(root, { sysDir: path.join(root, 'sys') }));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence.slice(0, 2), ['AppArmor is enabled in the running kernel', '2 entries in /etc/apparmor.d']);
  await removeRoot(root);
});

test('a host without AppArmor passes', async () => {
  const root = await makeRoot({
    '/sys/module/apparmor/parameters/enabled': 'N\n',
    '/etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n',
  });
  assert.is((await lsmApparmor.run(checkContext(root, { sysDir: path.join(root, 'sys') }))).ok, true);
  await removeRoot(root);
});

test.run();
