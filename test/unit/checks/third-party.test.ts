// Tests of the third-party check against synthetic repositories and products.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { thirdParty } from '../../../entrypoint/checks/third-party.js';
import { checkContext, makeRoot, removeRoot, SLES_PROD } from '../../helpers/check-root.js';

test('a third-party repository and product are reported; the registration server counts as SUSE', async () => {
  const root = await makeRoot({
    '/etc/SUSEConnect': 'url: https://rmt.example.com\n',
    '/etc/zypp/repos.d/vendor.repo': '[acme-tools]\nenabled=1\nbaseurl=https://download.acme.example/sles15/\n',
    '/etc/zypp/repos.d/rmt.repo': '[SLES-Updates]\nenabled=1\nbaseurl=https://rmt.example.com/repo/SUSE/Updates/\n',
    '/etc/products.d/SLES.prod': SLES_PROD(),
    '/etc/products.d/acme.prod': SLES_PROD('acme-suite', 'ACME Corp', 'extension'),
  });
  const finding = await thirdParty.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence, [
    'repositories not from SUSE or the registration server: acme-tools (https://download.acme.example/sles15/)',
    'products not from SUSE: acme.prod (ACME Corp)',
  ]);
  await removeRoot(root);
});

test('SUSE repositories and products pass', async () => {
  const root = await makeRoot({
    '/etc/zypp/repos.d/scc.repo':
      '[SLES-Pool]\nenabled=1\nbaseurl=https://updates.suse.com/SUSE/Products/SLE-Product-SLES/15-SP7/x86_64/product/\n',
    '/etc/products.d/SLES.prod': SLES_PROD(),
  });
  assert.is((await thirdParty.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
