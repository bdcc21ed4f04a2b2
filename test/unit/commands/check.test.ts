// Tests of `dms check` through the CLI: configuration errors, inhibited and waived results, --fix.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECKS } from '../../../entrypoint/checks/registry.js';
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

test('check on a root without a base product is inhibited (exit 1), its summary the text report; a waiver turns it into waived, reported, exit 0', async () => {
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
  const text = await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.txt'), 'utf8');
  assert.match(text, /^INHIBITED/m);
  assert.ok(r.out.startsWith(text), 'the text report is the summary check printed');

  await writeFile(
    path.join(p.systemRoot, 'etc/sle-migration-service.yml'),
    'waivers:\n  - {id: single-base-product, reason: test system}\n  - {id: repos-remote, reason: no repositories on purpose}\n' +
      '  - {id: source-release, reason: a bare test root}\n  - {id: rpm-database, reason: a bare test root}\n' +
      '  - {id: inside-container, reason: expired, expires: "2020-01-01"}\n',
  );
  const waived = await capture(['check', '--use-zypper-dup'], p);
  assert.is(waived.code, 0, waived.out);
  const again = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as typeof report;
  assert.is(again.result, 'ready');
  assert.is(again.checks.find((c) => c.id === 'single-base-product')?.status, 'waived');
  assert.is(again.checks.length, CHECKS.length, 'waived checks stay in the report');
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

test("check while a run holds the lock says so (exit 3) and leaves the run's report alone", async () => {
  const p = await paths();
  await mkdir(path.join(p.systemRoot, 'var/lib/dms'), { recursive: true });
  await mkdir(path.join(p.systemRoot, 'var/log'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), '{"kind":"run"}\n');
  const holder = execa('flock', [path.join(p.systemRoot, 'var/lib/dms/migration.lock'), 'sh', '-c', 'echo held; exec sleep 30']);
  try {
    // Wait until flock holds the lock (it starts the command only then).
    await new Promise<void>((resolve) => holder.stdout?.once('data', () => resolve()));
    const r = await capture(['check', '--use-zypper-dup'], p);
    assert.is(r.code, 3, r.err);
    assert.match(r.err, /^dms: another migration is running on this host/);
    assert.is(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8'), '{"kind":"run"}\n');
  } finally {
    holder.kill();
    await holder.catch(() => undefined);
  }
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

/** Processes whose parent is this test process, by command name (from /proc). */
async function childrenNamed(name: string): Promise<number[]> {
  const found: number[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
    if (m?.[1] === name && Number(m[2]) === process.pid) found.push(Number(pid));
  }
  return found;
}

test('SIGTERM while check waits on a repository that never answers: zypper stopped, the view unmounted, no report, exit 143', async () => {
  const silent = createServer(() => undefined); // accepts, never answers: zypper waits on it
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  const p = await paths();
  await mkdir(path.join(p.systemRoot, 'etc/zypp/repos.d'), { recursive: true });
  await writeFile(
    path.join(p.systemRoot, 'etc/zypp/repos.d/target.repo'),
    `[target]\nname=target\nenabled=1\nautorefresh=1\nbaseurl=http://127.0.0.1:${port}/\ntype=rpm-md\n`,
  );
  const running = capture(['check', '--use-zypper-dup'], p);
  let zypper: number[] = [];
  for (let i = 0; i < 200 && zypper.length === 0; i++) {
    zypper = await childrenNamed('zypper');
    if (zypper.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(zypper.length > 0, 'the solver dry run is waiting on the repository');
  const viewMounts = async () => (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => / dms-view /.test(l));
  assert.ok((await viewMounts()).length > 0, 'the throw-away view is mounted while zypper runs');
  const started = Date.now();
  process.kill(process.pid, 'SIGTERM');
  const r = await running;
  assert.is(r.code, 143, r.out + r.err);
  assert.match(r.err, /^dms: stopped by SIGTERM: the check was stopped before it ended; no report was written\n$/);
  assert.ok(Date.now() - started < 10_000, 'it ended within seconds');
  assert.equal(await childrenNamed('zypper'), [], 'zypper was stopped');
  assert.equal(await viewMounts(), [], 'the view was unmounted');
  assert.not.ok(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json')).catch(() => undefined), 'no report');
  silent.close();
  await rm(path.dirname(p.systemRoot), { recursive: true, force: true });
});

test.run();
