// Tests of the single-base-product check against synthetic products.d directories.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { singleBaseProduct } from '../../../entrypoint/checks/single-base-product.js';
import { makeRoot, removeRoot, SLES_PROD, rootCheckContext } from '../../helpers/check-root.js';

test('two base products inhibit the migration', async () => {
  const root = await makeRoot({ '/etc/products.d/SLES.prod': SLES_PROD(), '/etc/products.d/SLES_SAP.prod': SLES_PROD('SLES_SAP') });
  const finding = await singleBaseProduct.run(await rootCheckContext(root));
  assert.is(finding.ok, false);
  assert.match(
    finding.evidence[0]!,
    /^Found multiple product definitions without element <flavor>: \/etc\/products\.d\/SLES_SAP\.prod, \/etc\/products\.d\/SLES\.prod$/,
  );
  await removeRoot(root);
});

test('one base product plus modules passes', async () => {
  const root = await makeRoot({
    '/etc/products.d/SLES.prod': SLES_PROD(),
    '/etc/products.d/sle-module-basesystem.prod': SLES_PROD('sle-module-basesystem', 'SUSE', 'module'),
  });
  const finding = await singleBaseProduct.run(await rootCheckContext(root));
  assert.equal(finding, { ok: true, evidence: ['SLES 15.7 (x86_64) in /etc/products.d/SLES.prod'] });
  await removeRoot(root);
});

test.run();
