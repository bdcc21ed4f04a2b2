import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { insideContainer } from '../../../entrypoint/checks/inside-container.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('a system root that is itself a container (/run/.containerenv) is refused', async () => {
  const root = await makeRoot({ '/run/.containerenv': 'engine="podman-4.3.1"\n' });
  const finding = await insideContainer.run(checkContext(root));
  assert.equal(finding, { ok: false, evidence: ['/run/.containerenv exists: the system to migrate is a container'] });
  assert.is(insideContainer.severity, 'inhibitor');
  await removeRoot(root);
});

test('a normal system root passes', async () => {
  const root = await makeRoot({ '/etc/os-release': 'NAME="SLES"\n' });
  assert.is((await insideContainer.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
