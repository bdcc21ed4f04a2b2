import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encryptedRoot } from '../../../entrypoint/checks/encrypted-root.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('a file system on a device opened by /etc/crypttab is reported', async () => {
  const root = await makeRoot({
    '/etc/crypttab': '# name device key\ncr_root UUID=1234 none luks\n',
    '/etc/fstab': '/dev/mapper/cr_root / btrfs defaults 0 0\nUUID=abcd swap swap defaults 0 0\n',
  });
  const finding = await encryptedRoot.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence, ['/ is on /dev/mapper/cr_root, opened by /etc/crypttab']);
  await removeRoot(root);
});

test('plain file systems pass', async () => {
  const root = await makeRoot({ '/etc/fstab': 'UUID=1111 / xfs defaults 0 0\ntmpfs /tmp tmpfs defaults 0 0\n' });
  assert.is((await encryptedRoot.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
