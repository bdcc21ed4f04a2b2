// product-setup on a synthetic root: crafted base products are refused untouched; a good one loses its <target>, its original kept.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../entrypoint/errors.js';
import { productSetup } from '../../../entrypoint/steps/product-setup.js';
import { rootStepContext, type TestStepContext } from '../../helpers/step-context.js';

const prod = (name: string, arch: string, version = '12.5') => `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0"><vendor>SUSE</vendor><name>${name}</name><version>${version}</version><arch>${arch}</arch>
<register><target>sle-${version.split('.')[0]}-x86_64</target></register></product>
`;

async function context(productText: string): Promise<TestStepContext> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-product-'));
  const root = path.join(dir, 'root');
  await mkdir(path.join(root, 'etc/products.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/products.d/SLES.prod'), productText);
  return rootStepContext(root, { use_zypper_migration: false });
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
    assert.equal(ctx.changes, [], 'nothing was changed, nothing kept');
  });
}

test('a well-formed base product passes and loses its <target>', async () => {
  const ctx = await context(prod('SLES', 'x86_64'));
  const original = await readFile(ctx.host('/etc/products.d/SLES.prod'), 'utf8');
  await productSetup.run(ctx);
  assert.not.match(await readFile(ctx.host('/etc/products.d/SLES.prod'), 'utf8'), /<target>/);
  assert.is(await readFile(ctx.host('/var/lib/dms/backup/etc/products.d/SLES.prod'), 'utf8'), original, 'the original is kept');
  assert.equal(
    ctx.changes.map((c) => [c.path, c.action, c.backup]),
    [['/etc/products.d/SLES.prod', 'write', '/var/lib/dms/backup/etc/products.d/SLES.prod']],
    'the change is recorded with its backup',
  );
});

test('a base product that is the target release already (a re-run after the upgrade) is left as the package installed it', async () => {
  const text = prod('SLES', 'x86_64', '15.7');
  const ctx = await context(text);
  await productSetup.run(ctx);
  assert.is(await readFile(ctx.host('/etc/products.d/SLES.prod'), 'utf8'), text, 'its <target> stays');
  assert.equal(ctx.changes, [], 'nothing changed, nothing kept');
});

test('plugin mode without a target product stops before any edit, in the original words, with what to do', async () => {
  const ctx = await context(prod('SLES', 'x86_64').replace(/<arch>x86_64<\/arch>/, ''));
  const plugin = await rootStepContext(ctx.paths.systemRoot, { use_zypper_migration: true });
  try {
    await productSetup.run(plugin);
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, StepError);
    assert.is((err as Error).message, 'Migration product not found, aborting migration attempt. (the base product names no name or arch)');
    assert.match((err as StepError).hint ?? '', /--product/);
  }
  assert.equal(plugin.changes, []);
});

test.run();
