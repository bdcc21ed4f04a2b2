// Tests of the sshd-root-login check against synthetic sshd configurations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sshdRootLogin } from '../../../entrypoint/checks/sshd-root-login.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

const ENABLED = { '/etc/systemd/system/multi-user.target.wants/sshd.service': { link: '/usr/lib/systemd/system/sshd.service' } };

test('enabled sshd that lets root log in (from an Include drop-in) is reported for SLE 16', async () => {
  const root = await makeRoot({
    ...ENABLED,
    '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\n',
    '/etc/ssh/sshd_config.d/10-root.conf': 'PermitRootLogin yes\n',
  });
  const finding = await sshdRootLogin.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /PermitRootLogin is yes \(\/etc\/ssh\/sshd_config\.d\/10-root\.conf\)/);
  await removeRoot(root);
});

test('PermitRootLogin no passes (the first value wins, as in sshd)', async () => {
  const root = await makeRoot({ ...ENABLED, '/etc/ssh/sshd_config': 'PermitRootLogin no\nPermitRootLogin yes\n' });
  assert.is((await sshdRootLogin.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test('test_check_sshd_root_login_disabled: a host whose sshd is not enabled is not applicable (no warning), whatever its configuration says', async () => {
  const root = await makeRoot({ '/etc/ssh/sshd_config': 'PermitRootLogin yes\n' });
  assert.equal(await sshdRootLogin.run(checkContext(root)), { ok: true, evidence: ['sshd is not enabled'], notApplicable: true });
  await removeRoot(root);
});

test.run();
