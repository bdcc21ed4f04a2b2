// The CLI in-process: help and version, usage errors in one line (exit 2), config output, refusals before anything is written.
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capture, cliPaths } from '../helpers/cli.js';

const paths = cliPaths;

test('--help and --version exit 0; no arguments prints help and exits 2', async () => {
  const p = await paths();
  assert.is((await capture(['--help'], p)).code, 0);
  assert.match((await capture(['--version'], p)).out, /^\d+\.\d+\.\d+|dev/);
  const none = await capture([], p);
  assert.is(none.code, 2);
  assert.match(none.out + none.err, /Usage: dms/);
});

test('unknown options and bad products are usage errors (exit 2)', async () => {
  const p = await paths();
  assert.is((await capture(['run', '--bogus'], p)).code, 2);
  const bad = await capture(['run', '--product', '../../etc/passwd'], p);
  assert.is(bad.code, 2);
  assert.match(bad.err, /is not NAME\/VERSION\/ARCH/);
});

test('config prints the merged configuration with the command line on top, and the sources', async () => {
  const p = await paths();
  await writeFile(path.join(p.systemRoot, 'etc/sle-migration-service.yml'), 'verbose_migration: true\n');
  const r = await capture(['config', '--use-zypper-dup'], p);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /use_zypper_migration: false/);
  assert.match(r.out, /verbose_migration: true/);
  assert.match(r.out, /# sources: .*sle-migration-service\.yml, command line/);
});

test('run without a mounted host root is refused in one line, exit 2', async () => {
  const p = await paths();
  const r = await capture(['run'], { ...p, systemRoot: path.join(p.systemRoot, 'missing') });
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: no host system at .*missing \(not mounted\): run the image with -v \/:.*\n$/);
});

test('stage in migration-plugin mode is refused in one line, exit 2, before the lock or the logs are written', async () => {
  const p = await paths();
  const r = await capture(['stage'], p);
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: staging works in dup mode only \(--use-zypper-dup or use_zypper_migration: false\): .*\n$/);
  assert.equal(await readdir(p.systemRoot), ['etc'], 'nothing was created on the host');
});

test.run();
