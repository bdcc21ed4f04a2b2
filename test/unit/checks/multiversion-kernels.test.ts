import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { multiversionKernels } from '../../../entrypoint/checks/multiversion-kernels.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

const CONF = '[main]\n# keep kernels\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = latest,latest-1,running\n';

test('multiversion kernels kept beyond latest and running are reported, and --fix corrects zypp.conf', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': CONF });
  const ctx = checkContext(root);
  const finding = await multiversionKernels.run(ctx);
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /multiversion\.kernels = latest,latest-1,running/);
  assert.equal(await multiversionKernels.fix!(ctx), ['set multiversion.kernels = latest,running in /etc/zypp/zypp.conf']);
  assert.match(await readFile(path.join(root, 'etc/zypp/zypp.conf'), 'utf8'), /^multiversion\.kernels = latest,running$/m);
  assert.is((await multiversionKernels.run(ctx)).ok, true, 'passes after the fix');
  await removeRoot(root);
});

test('zypp.conf with latest,running (or without multiversion) passes and --fix changes nothing', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': '[main]\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = running, latest\n' });
  const ctx = checkContext(root);
  assert.is((await multiversionKernels.run(ctx)).ok, true);
  assert.equal(await multiversionKernels.fix!(ctx), []);
  await removeRoot(root);
});

test.run();
