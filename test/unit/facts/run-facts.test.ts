// The session's facts from a synthetic root, an image os-release and the configuration: mode, target release and product, arch.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULTS, type MigrationConfig } from '../../../entrypoint/config/schema.js';
import { majorOf, PRODUCT_NOT_FOUND, resolveFacts } from '../../../entrypoint/facts/run-facts.js';

const prod = (name: string, version: string, arch: string, flavor = '') => `<?xml version="1.0" encoding="UTF-8"?>
<product><vendor>SUSE</vendor><name>${name}</name><version>${version}</version><arch>${arch}</arch>
<register>${flavor ? `<flavor>${flavor}</flavor>` : ''}<target>sle-15-${arch}</target></register></product>
`;

/** A root with products (file name -> text) and an image os-release with `imageVersion` (none: no VERSION_ID). */
async function setup(products: Record<string, string>, imageVersion?: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-facts-'));
  const root = path.join(dir, 'root');
  await mkdir(path.join(root, 'etc/products.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/os-release'), 'NAME="SLES"\nVERSION_ID="15.7"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP7"\n');
  for (const [name, text] of Object.entries(products)) await writeFile(path.join(root, 'etc/products.d', name), text);
  const imageOsRelease = path.join(dir, 'image-os-release');
  await writeFile(imageOsRelease, `NAME="SLES"\n${imageVersion ? `VERSION_ID="${imageVersion}"\n` : ''}`);
  return (config: Partial<MigrationConfig> = {}, machine = 'x86_64') =>
    resolveFacts({ systemRoot: root, imageOsRelease, config: { ...DEFAULTS, ...config }, env: {}, machine });
}

test('the detected target product is the base product name, the image VERSION_ID and the base product arch (SPEC 5.1)', async () => {
  const facts = await setup(
    {
      'SLES.prod': prod('SLES', '15.7', 'x86_64'),
      'sle-module-basesystem.prod': prod('sle-module-basesystem', '15.7', 'x86_64', 'module'),
    },
    '16.0',
  );
  const f = await facts();
  assert.is(f.mode, 'plugin', 'use_zypper_migration defaults to true');
  assert.equal([f.target.versionId, f.target.major, f.target.label], ['16.0', 16, '16.0']);
  assert.equal([f.target.product, f.target.productSource], ['SLES/16.0/x86_64', 'detected']);
  assert.is(f.source.baseProduct?.name, 'SLES');
  assert.is(f.source.description, 'SUSE Linux Enterprise Server 15 SP7');
  assert.equal(f.source.installedProducts.map((p) => p.identifier).sort(), ['SLES', 'sle-module-basesystem']);
});

test('migration_product (--product) wins over detection; dup mode is its own mode', async () => {
  const facts = await setup({ 'SLES.prod': prod('SLES', '15.7', 'x86_64') }, '16.0');
  const configured = await facts({ migration_product: 'SLES_SAP/16.0/ppc64le' });
  assert.equal([configured.target.product, configured.target.productSource], ['SLES_SAP/16.0/ppc64le', 'configured']);
  assert.is((await facts({ use_zypper_migration: false })).mode, 'dup');
});

test('no VERSION_ID in the image: SLE 15 step set, label unknown, no detected product; --product names the version', async () => {
  const facts = await setup({ 'SLES.prod': prod('SLES', '12.5', 'x86_64') });
  const plain = await facts();
  assert.equal([plain.target.versionId, plain.target.label, plain.target.major], [undefined, 'unknown', 15]);
  assert.is(plain.target.product, undefined);
  assert.ok(plain.target.productProblem?.startsWith(PRODUCT_NOT_FOUND));
  assert.match(plain.target.productProblem ?? '', /names no VERSION_ID/);
  const given = await facts({ migration_product: 'SLES/15.7/x86_64' });
  assert.equal([given.target.versionId, given.target.major, given.target.product], ['15.7', 15, 'SLES/15.7/x86_64']);
});

test('the architecture is the base product arch (whatever the machine is), else the machine', async () => {
  const facts = await setup({ 'SLES.prod': prod('SLES', '15.7', 's390x') }, '16.0');
  assert.is((await facts({}, 'x86_64')).arch, 's390x');
  const none = await setup({}, '16.0');
  assert.is((await none({}, 'aarch64')).arch, 'aarch64');
});

test('no base product, or several: no detected product, and the problem says why', async () => {
  const none = await (await setup({ 'module.prod': prod('sle-module-x', '15.7', 'x86_64', 'module') }, '16.0'))();
  assert.is(none.source.baseProduct, undefined);
  assert.match(none.source.baseProductProblem ?? '', /There is no baseproduct/);
  assert.match(none.target.productProblem ?? '', /^Migration product not found, aborting migration attempt\. \(There is no baseproduct/);
  const two = await (await setup({ 'SLES.prod': prod('SLES', '15.7', 'x86_64'), 'SLED.prod': prod('SLED', '15.7', 'x86_64') }, '16.0'))();
  assert.match(two.source.baseProductProblem ?? '', /Found multiple product definitions without element <flavor>/);
  assert.is(two.target.product, undefined);
});

test('a base product whose name or arch could shape the command line is no base product', async () => {
  const f = await (await setup({ 'SLES.prod': prod('SLES;reboot', '15.7', 'x86_64') }, '16.0'))();
  assert.is(f.source.baseProduct, undefined);
  assert.match(f.source.baseProductProblem ?? '', /which is not a product name$/);
  assert.is(f.target.product, undefined);
});

test('the major release of a VERSION_ID', () => {
  assert.equal([majorOf('16.0'), majorOf('15.7'), majorOf(undefined), majorOf('unknown')], [16, 15, 15, 15]);
});

test.run();
