// Image tests of product-setup (SPEC 5.1, 5.4): the target product is resolved before the host's products are edited.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { exists, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite, TARGET } from '../helpers/plugin-bed.js';
import { failedRunLog } from '../helpers/run-image.js';

const test = pluginSuite('product-setup (stand-ins: SUSEConnect, SCC)');

test('a base product that cannot be mapped to a target product: the pre-flight, which resolves the same facts as the upgrade, stops the run before any change', async ({
  bed,
}) => {
  const root = await bed!.registeredRoot();
  const prod = path.join(root, 'etc/products.d/SLES.prod');
  // No <arch>: the target NAME/VERSION/ARCH cannot be built from this base product.
  await writeFile(prod, (await readFile(prod, 'utf8')).replace(/^\s*<arch>[^<]*<\/arch>\n/m, ''));
  const productsBefore = await treeHash(path.join(root, 'etc/products.d'));
  const packagesBefore = await rpmPackages(root);

  const log = await failedRunLog(migrate(root), root);
  assert.match(
    log,
    /\[STOP\] registration-migration-path: .*\n {9,}Migration product not found, aborting migration attempt\. \(the base product names no name or arch\)\n {9,}fix: name the target product: migration_product/,
  );
  assert.match(log, /not started: 1 inhibitor\(s\), nothing was changed/);
  assert.not.match(log, /=== Detect the base product/, 'product-setup did not run');
  assert.not.match(log, /Calling: zypper migration/, 'upgrade did not run');
  assert.is(await treeHash(path.join(root, 'etc/products.d')), productsBefore, 'the products are byte-for-byte unchanged');
  assert.not.ok(await exists(root, '/var/lib/dms/backup/etc/products.d'), 'no backup either: nothing was touched');
  assert.equal(await rpmPackages(root), packagesBefore);
  assert.not.ok(await exists(root, '/var/lib/dms/journal.json'), 'no step ran');
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
