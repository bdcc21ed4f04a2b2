// The session's architecture from bed roots of every SLES architecture: the base product's <arch>, whatever machine runs the container.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { SLE_ARCHES } from '../../bed/arch.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { rootFacts } from '../../helpers/facts.js';

for (const arch of SLE_ARCHES) {
  test(`${arch} root on an x86_64 machine: the arch, the detected target product and every installed product are ${arch}`, async () => {
    const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', arch });
    try {
      const facts = await rootFacts(root, { ...DEFAULTS }, '15.7', 'x86_64');
      assert.is(facts.arch, arch);
      assert.equal([facts.target.product, facts.target.productSource], [`SLES/15.7/${arch}`, 'detected']);
      assert.equal(facts.source.installedProducts.map((p) => `${p.identifier}/${p.version}/${p.arch}`).sort(), [
        `SLES/12.5/${arch}`,
        `sle-module-web-scripting/12/${arch}`,
      ]);
    } finally {
      await removeSystemRoot(root);
    }
  });
}

test('a base product without <arch>: the machine the container runs on', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-facts-arch-'));
  try {
    await mkdir(path.join(dir, 'etc/products.d'), { recursive: true });
    await writeFile(
      path.join(dir, 'etc/products.d/SLES.prod'),
      '<?xml version="1.0"?>\n<product><vendor>SUSE</vendor><name>SLES</name><version>15.7</version><register><target>sle-15</target></register></product>\n',
    );
    for (const machine of ['aarch64', 'ppc64le', 's390x'])
      assert.is((await rootFacts(dir, { ...DEFAULTS }, '16.0', machine)).arch, machine);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
