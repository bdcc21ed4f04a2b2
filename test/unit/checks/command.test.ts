import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../entrypoint/cli.js';
import type { ContainerPaths } from '../../../entrypoint/paths.js';
import { treeHash } from '../../helpers/host-root.js';

async function paths(): Promise<ContainerPaths> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-check-cli-'));
  await mkdir(path.join(dir, 'root/etc/products.d'), { recursive: true });
  await mkdir(path.join(dir, 'root/var/log'), { recursive: true });
  return {
    systemRoot: path.join(dir, 'root'),
    ledger: path.join(dir, 'system-root.fstab'),
    imageConfig: path.join(dir, 'migration-config.yml'),
    dropinDir: path.join(dir, 'migration-config.d'),
    imageOsRelease: path.join(dir, 'os-release'),
  };
}

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

test('a malformed waiver is a configuration error: one line naming the file, exit 2, nothing written', async () => {
  const p = await paths();
  await writeFile(path.join(p.systemRoot, 'etc/sle-migration-service.yml'), 'waivers:\n  - id: third-party\n    reason: ok\n    expires: next week\n');
  const before = await treeHash(p.systemRoot);
  const r = await capture(['check', '--use-zypper-dup'], p);
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: config error in .*sle-migration-service\.yml: waivers\.0\.expires: must be a date YYYY-MM-DD\n$/);
  assert.is(await treeHash(p.systemRoot), before);
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

test('check on a root without a base product is inhibited (exit 1); a waiver turns it into waived, reported, exit 0', async () => {
  const p = await paths();
  const r = await capture(['check', '--use-zypper-dup'], p);
  assert.is(r.code, 1, r.out + r.err);
  assert.match(r.out, /\[STOP\] single-base-product/);
  const report = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as { kind: string; result: string; checks: Array<{ id: string; status: string }> };
  assert.is(report.kind, 'check');
  assert.is(report.result, 'inhibited');
  assert.is(report.checks.find((c) => c.id === 'single-base-product')?.status, 'failed');

  await writeFile(path.join(p.systemRoot, 'etc/sle-migration-service.yml'),
    'waivers:\n  - {id: single-base-product, reason: test system}\n  - {id: repos-remote, reason: no repositories on purpose}\n  - {id: inside-container, reason: expired, expires: "2020-01-01"}\n');
  const waived = await capture(['check', '--use-zypper-dup'], p);
  assert.is(waived.code, 0, waived.out);
  const again = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as typeof report;
  assert.is(again.result, 'ready');
  assert.is(again.checks.find((c) => c.id === 'single-base-product')?.status, 'waived');
  assert.is(again.checks.length, 17, 'waived checks stay in the report');
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

test.run();
