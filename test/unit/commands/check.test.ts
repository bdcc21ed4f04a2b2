// Tests of `dms check` through the CLI: configuration errors, inhibited and waived results, --fix.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capture, cliPaths } from '../../helpers/cli.js';
import { treeHash } from '../../helpers/host-root.js';

const paths = cliPaths;

test('a malformed waiver is a configuration error: one line naming the file, exit 2, nothing written', async () => {
  const p = await paths();
  await writeFile(
    path.join(p.systemRoot, 'etc/sle-migration-service.yml'),
    'waivers:\n  - id: third-party\n    reason: ok\n    expires: next week\n',
  );
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
  const report = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as {
    kind: string;
    result: string;
    checks: Array<{ id: string; status: string }>;
  };
  assert.is(report.kind, 'check');
  assert.is(report.result, 'inhibited');
  assert.is(report.checks.find((c) => c.id === 'single-base-product')?.status, 'failed');

  await writeFile(
    path.join(p.systemRoot, 'etc/sle-migration-service.yml'),
    'waivers:\n  - {id: single-base-product, reason: test system}\n  - {id: repos-remote, reason: no repositories on purpose}\n  - {id: inside-container, reason: expired, expires: "2020-01-01"}\n',
  );
  const waived = await capture(['check', '--use-zypper-dup'], p);
  assert.is(waived.code, 0, waived.out);
  const again = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as typeof report;
  assert.is(again.result, 'ready');
  assert.is(again.checks.find((c) => c.id === 'single-base-product')?.status, 'waived');
  assert.is(again.checks.length, 18, 'waived checks stay in the report');
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

test('check --fix repairs zypp.conf, then checks again: the fixed check passes in the report', async () => {
  const p = await paths();
  const conf = path.join(p.systemRoot, 'etc/zypp/zypp.conf');
  await mkdir(path.dirname(conf), { recursive: true });
  await writeFile(conf, '[main]\nmultiversion = provides:multiversion(kernel)\n');
  const plain = await capture(['check', '--use-zypper-dup'], p);
  assert.match(plain.out, /\[WARN\] multiversion-kernels/);
  assert.not.match(await readFile(conf, 'utf8'), /multiversion\.kernels/, 'check without --fix changes nothing');
  const fixed = await capture(['check', '--use-zypper-dup', '--fix'], p);
  assert.match(fixed.out, /^fixed: set multiversion\.kernels = latest,running in \/etc\/zypp\/zypp\.conf$/m);
  assert.match(fixed.out, /\[ok {2}\] multiversion-kernels/);
  assert.match(await readFile(conf, 'utf8'), /^\[main\]\nmultiversion\.kernels = latest,running\nmultiversion = /);
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

test.run();
