// Image tests of product-setup (SPEC 5.1, 5.4): the target product is resolved before the host's products are edited.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { exists, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite, TARGET } from '../helpers/plugin-bed.js';

const test = pluginSuite('product-setup (stand-ins: SUSEConnect, SCC)');

test('a base product that cannot be mapped to a target fails in product-setup; /etc/products.d stays unchanged', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  const prod = path.join(root, 'etc/products.d/SLES.prod');
  // No <arch>: the target NAME/VERSION/ARCH cannot be built from this base product.
  await writeFile(prod, (await readFile(prod, 'utf8')).replace(/^\s*<arch>[^<]*<\/arch>\n/m, ''));
  const productsBefore = await treeHash(path.join(root, 'etc/products.d'));
  const packagesBefore = await rpmPackages(root);

  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 1, output);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(
    log,
    /\[product-setup\] product-setup failed: Migration product not found, aborting migration attempt\.\n {26}hint: set migration_product/,
  );
  assert.not.match(log, /Calling: zypper migration/, 'upgrade did not run');
  assert.is(await treeHash(path.join(root, 'etc/products.d')), productsBefore, 'the products are byte-for-byte unchanged');
  assert.not.ok(await exists(root, '/var/lib/dms/backup/products.d'), 'no backup either: nothing was touched');
  assert.equal(await rpmPackages(root), packagesBefore);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.equal(await mountsUnder(root), []);
});

test('a configured migration_product needs no detection: the same root gets past product-setup', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  const prod = path.join(root, 'etc/products.d/SLES.prod');
  await writeFile(prod, (await readFile(prod, 'utf8')).replace(/^\s*<arch>[^<]*<\/arch>\n/m, ''));
  const { output } = await migrate(root, ['run', '--product', TARGET]);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.ok(log.includes(`[product-setup] migration target product: ${TARGET} (configured)`), output);
  assert.match(log, /\[product-setup\] product-setup succeeded/);
  assert.ok(log.includes(`--product ${TARGET} --root /system-root`), 'the upgrade uses it');
});

test.run();
