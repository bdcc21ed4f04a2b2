// The host's registration from its files: server URL (SCC by default), SCC credentials.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { onHost } from '../../../entrypoint/paths.js';
import { readRegistration, SCC_URL } from '../../../entrypoint/system/registration.js';
import { makeRoot, removeRoot } from '../../helpers/check-root.js';

test('test_check_scc_migration_default_registration_server_url: without /etc/SUSEConnect the server is https://scc.suse.com', async () => {
  const root = await makeRoot({ '/etc/zypp/credentials.d/SCCcredentials': 'username=SCC_xxx\npassword=xxx\n' });
  const reg = await readRegistration((p) => onHost(root, p));
  assert.equal(reg, { server: 'https://scc.suse.com', credentials: { username: 'SCC_xxx', password: 'xxx' }, cloud: false });
  assert.is(SCC_URL, 'https://scc.suse.com');
  await removeRoot(root);
});

test("/etc/SUSEConnect's url (trailing slashes dropped); a file without url, or one that is no YAML, means SCC", async () => {
  const root = await makeRoot({ '/etc/SUSEConnect': '---\nurl: https://smt-ec2.susecloud.net/\ninsecure: false\n' });
  assert.is((await readRegistration((p) => onHost(root, p))).server, 'https://smt-ec2.susecloud.net');
  await removeRoot(root);
  for (const text of ['---\ninsecure: false\n', 'url: [unclosed\n']) {
    const other = await makeRoot({ '/etc/SUSEConnect': text });
    const reg = await readRegistration((p) => onHost(other, p));
    assert.equal([reg.server, reg.credentials], [SCC_URL, undefined], text);
    await removeRoot(other);
  }
});

test.run();
