import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../entrypoint/cli.js';
import type { ContainerPaths } from '../../entrypoint/paths.js';

async function paths(): Promise<ContainerPaths> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-cli-'));
  await mkdir(path.join(dir, 'root/etc'), { recursive: true });
  return {
    systemRoot: path.join(dir, 'root'),
    ledger: path.join(dir, 'system-root.fstab'),
    imageConfig: path.join(dir, 'migration-config.yml'),
    dropinDir: path.join(dir, 'migration-config.d'),
    imageOsRelease: path.join(dir, 'os-release'),
  };
}

/** Runs main() with stdout/stderr captured. */
async function capture(argv: string[], p: ContainerPaths): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv, p), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

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
