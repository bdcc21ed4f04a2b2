// `dms ends`: the two ends the shim names in its question, from a synthetic root's os-release and base product and the
// image's release or the configured product; one line of fields, nothing written.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFieldsLine } from '../../../entrypoint/run/shim-result.js';
import { osRelease } from '../../bed/products.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { treeHash } from '../../helpers/host-root.js';

/** The original's SLES 12 SP5 base product (test/fixtures/suse-migration-services/README.md). */
const ORIGINAL_SLES_PROD = path.resolve('test/fixtures/suse-migration-services/SLES.prod');

async function host(release: string, image: string, baseProduct?: string) {
  const p = await cliPaths();
  await writeFile(path.join(p.systemRoot, 'etc/os-release'), release);
  await writeFile(p.imageOsRelease, image);
  if (baseProduct) {
    await mkdir(path.join(p.systemRoot, 'etc/products.d'));
    await copyFile(baseProduct, path.join(p.systemRoot, 'etc/products.d/SLES.prod'));
    await writeFile(path.join(p.systemRoot, 'etc/products.d/baseproduct'), '');
  }
  return p;
}

test('SLES 12 SP5 host, SLE 15 SP7 image: "SLES 12 SP5" to "SLES 15 SP7", one line of tab-separated fields, nothing written', async () => {
  const p = await host(osRelease(12, 5), osRelease(15, 7));
  const before = await treeHash(p.systemRoot);
  const r = await capture(['ends', '--use-zypper-dup'], p);
  assert.is(r.code, 0, r.err);
  assert.is(r.out, 'source=SLES 12 SP5\ttarget=SLES 15 SP7\ttarget_version=15.7\n');
  assert.is(await treeHash(p.systemRoot), before);
});

test('SLES 15 SP7 to a SLE 16 image; a configured product names the target; 15.0 is "15"', async () => {
  const to16 = await host(osRelease(15, 7), osRelease(16, 0));
  assert.equal(parseFieldsLine((await capture(['ends'], to16)).out), {
    source: 'SLES 15 SP7',
    target: 'SLES 16.0',
    target_version: '16.0',
  });
  const sap = await host(osRelease(12, 5), osRelease(15, 0));
  assert.equal(parseFieldsLine((await capture(['ends', '--product', 'SLES_SAP/15.0/x86_64'], sap)).out), {
    source: 'SLES 12 SP5',
    target: 'SLES_SAP 15',
    target_version: '15.0',
  });
});

test("the base product names the host (the original's SLES.prod); an image without a release says so", async () => {
  const p = await host('NAME="SUSE Linux Enterprise"\nVERSION_ID="12.5"\n', 'NAME="Debian"\n', ORIGINAL_SLES_PROD);
  assert.equal(parseFieldsLine((await capture(['ends', '--use-zypper-dup'], p)).out), {
    source: 'SLES 12 SP5',
    target: 'an unknown release',
  });
});

test('a broken host configuration is refused as by every command (exit 2, one line)', async () => {
  const p = await host(osRelease(12, 5), osRelease(15, 7));
  await writeFile(path.join(p.systemRoot, 'etc/sle-migration-service.yml'), 'debug: [\n');
  const r = await capture(['ends'], p);
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: config error in .*sle-migration-service\.yml: YAML syntax error/);
  assert.is(r.out, '');
});

test.run();
