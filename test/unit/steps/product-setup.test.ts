import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { onHost } from '../../../entrypoint/paths.js';
import { productSetup } from '../../../entrypoint/steps/product-setup.js';
import type { StepContext } from '../../../entrypoint/steps/types.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { Mounts } from '../../../entrypoint/system/mounts.js';

const prod = (name: string, arch: string) => `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0"><vendor>SUSE</vendor><name>${name}</name><version>12.5</version><arch>${arch}</arch>
<register><target>sle-12-x86_64</target></register></product>
`;

async function context(productText: string): Promise<StepContext> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-product-'));
  const root = path.join(dir, 'root');
  await mkdir(path.join(root, 'etc/products.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/products.d/SLES.prod'), productText);
  const log = createLogger({ consoleFd: null }).log;
  const exec = new Exec(log);
  return {
    config: DEFAULTS,
    log,
    exec,
    mounts: new Mounts(path.join(dir, 'fstab'), exec, log),
    paths: { systemRoot: root, ledger: path.join(dir, 'fstab'), imageConfig: '', dropinDir: '', imageOsRelease: '' },
    target: { VERSION_ID: '15.7' },
    state: { upgradeEnv: {} },
    host: (p) => onHost(root, p),
  };
}

for (const [what, name, arch] of [
  ['shell metacharacters in <name>', 'SLES;reboot', 'x86_64'],
  ['a path in <name>', '../../etc/passwd', 'x86_64'],
  ['a space and an option in <arch>', 'SLES', 'x86_64 --root=/'],
  ['unicode in <name>', 'SLÉS', 'x86_64'],
] as const) {
  test(`a base product with ${what} is refused before the product file is touched`, async () => {
    const text = prod(name.replace('<', '&lt;'), arch);
    const ctx = await context(text);
    try {
      await productSetup.run(ctx);
      assert.unreachable('a crafted product must be refused');
    } catch (err) {
      assert.match((err as Error).message, /which is not a product (name|arch)$/);
    }
    assert.is(await readFile(ctx.host('/etc/products.d/SLES.prod'), 'utf8'), text, 'the product file is unchanged');
    assert.is(ctx.state.baseProduct, undefined);
  });
}

test('a well-formed base product passes and loses its <target>', async () => {
  const ctx = await context(prod('SLES', 'x86_64'));
  await productSetup.run(ctx);
  assert.is(ctx.state.baseProduct?.name, 'SLES');
  assert.not.match(await readFile(ctx.host('/etc/products.d/SLES.prod'), 'utf8'), /<target>/);
});

test.run();
