// The fault suite for hostile hosts, through the real image: /var/log full (three sizes), read-only and an
// absolute link; configuration input without an end (a FIFO, /dev/zero) or far too big; an empty and a corrupt
// rpm database; kills between the result files of a successful run. Each case ends with nothing lost (the host
// unchanged, or the exit-code file, the journal and /etc/issue agreeing), never with a mixed release, and a
// re-run that completes once the fault is gone.
import { mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory, type Served } from '../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot, TARGET_REPO_FILE, targetRepoFile } from '../bed/system-root.js';
import { addGate, buildGateRepos, GATE_OPEN, GATE_WAITING, type GateRepos } from '../helpers/gate-package.js';
import { exists, filesBelow, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';
import { leakedSecrets, SECRETS, seedSecrets } from '../helpers/secrets.js';

const ISSUE_POINTER = 'Migration has failed, for further details see /var/log/distro_migration.log';
const LOGS = [
  'distro_migration.log',
  'distro_migration.jsonl',
  'distro_migration.report.json',
  'distro_migration.report.html',
  'distro_migration.report.txt',
  'distro_migration.result',
];

interface Ctx {
  sles15: string;
  url: string;
  served: Served[];
  roots: string[];
  mounts: string[];
  gate?: GateRepos;
}
const test = suite<Ctx>('hostile hosts: nothing lost', { sles15: '', url: '', served: [], roots: [], mounts: [] });

test.before(async (ctx) => {
  ctx.sles15 = (await ensureRepos()).sles15;
  const s = await serveDirectory(ctx.sles15);
  ctx.served.push(s);
  ctx.url = s.url;
});

test.after(async (ctx) => {
  for (const m of ctx.mounts.reverse()) await execa('umount', ['--lazy', m], { reject: false });
  for (const s of ctx.served) await s.close();
  if (ctx.gate) await rm(ctx.gate.dir, { recursive: true, force: true });
  if (process.env.DMS_KEEP_ROOTS) return;
  for (const root of ctx.roots) await removeSystemRoot(root);
});

async function freshRoot(ctx: Ctx): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  ctx.roots.push(root);
  // The directory of the lock file, which every run takes (hostHash leaves the lock file itself out).
  await mkdir(path.join(root, 'var/lib/dms'), { recursive: true });
  return root;
}

async function mountTmpfs(ctx: Ctx, dir: string, size: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'dms-hostile', dir]);
  ctx.mounts.push(dir);
}

async function unmount(ctx: Ctx, dir: string): Promise<void> {
  await execa('umount', [dir]);
  ctx.mounts = ctx.mounts.filter((m) => m !== dir);
}

/** Fills the file system of `dir` to its last block. */
async function fill(dir: string): Promise<void> {
  await execa('dd', ['if=/dev/zero', `of=${path.join(dir, 'filler')}`, 'bs=4k'], { reject: false });
}

function migrate(root: string, opts: { args?: string[]; logDir?: string; name?: string; env?: Record<string, string> } = {}) {
  return runImage({
    root,
    logDir: opts.logDir ?? path.join(root, 'var/log'),
    args: opts.args ?? ['run', '--use-zypper-dup'],
    timeoutMs: 240_000,
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/** The root's tree without the files a refused or inhibited run may write (its logs, report and lock file). */
async function hostHash(root: string, opts: { withoutLogDir?: boolean } = {}): Promise<string> {
  return treeHash(root, [...(opts.withoutLogDir ? ['var/log'] : LOGS.map((f) => `var/log/${f}`)), 'var/lib/dms/migration.lock']);
}

async function journalResult(root: string): Promise<string | undefined> {
  const text = await readText(root, '/var/lib/dms/journal.json').catch(() => '');
  return text ? (JSON.parse(text) as { result: string }).result : undefined;
}

/** Packages whose version is neither the one the target repository has nor unchanged from SLES 12: a mixed release. */
async function mixedRelease(ctx: Ctx, root: string): Promise<string[]> {
  const { stdout } = await execa('sh', [
    '-c',
    'rpm -qp --nosignature --qf "%{NAME} %{VERSION}-%{RELEASE}\\n" "$1"/*/*.rpm',
    'sh',
    ctx.sles15,
  ]);
  const target = new Map(stdout.split('\n').map((l) => l.split(' ') as [string, string]));
  const mixed: string[] = [];
  for (const [name, version] of await rpmPackages(root)) {
    if (target.has(name) && target.get(name) !== version) mixed.push(`${name}-${version} (target: ${target.get(name)})`);
  }
  return mixed;
}

/** The host's login banner: /etc/issue, or the file an absolute link there names inside the root (issue-generator). */
async function banner(root: string): Promise<string> {
  const link = await readlink(path.join(root, 'etc/issue')).catch(() => undefined);
  return readText(root, link?.startsWith('/') ? link : '/etc/issue');
}

/** A migration that completed: exit 0, 0 in the exit-code file, journal succeeded, banner back, no mixed release. */
async function assertCompleted(
  ctx: Ctx,
  root: string,
  run: { exitCode: number; output: string },
  opts: { logDir?: string; testMounts?: string[] } = {},
) {
  const logDir = opts.logDir ?? '/var/log';
  assert.is(run.exitCode, 0, run.output.slice(-3000));
  assert.is((await readText(root, `${logDir}/distro_migration.exitcode`)).trim(), '0');
  assert.is(await journalResult(root), 'succeeded');
  assert.not.match(await banner(root), /Migration has failed/);
  assert.equal(await mixedRelease(ctx, root), []);
  assert.ok((await rpmPackages(root)).get('sles-release')?.startsWith('15.7'));
  assert.equal(await mountsUnder(root), opts.testMounts ?? [], 'no mount of the run is left');
}

function oneLine(output: string): string {
  const lines = output.trim().split('\n');
  assert.is(lines.length, 1, output);
  return lines[0]!;
}

test('/var/log full from the start, too small for the run, and filled up in the middle of the RPM transaction', async (ctx) => {
  const root = await freshRoot(ctx);
  const logDir = path.join(root, 'var/log');
  // Each size is a tmpfs mounted over the root's /var/log: everything else must stay as it is.
  const before = await hostHash(root, { withoutLogDir: true });

  // 1. No block left: the log cannot take a line; the pre-flight stops the run; nothing on the host changes.
  await mountTmpfs(ctx, logDir, '64k');
  await fill(logDir);
  let run = await migrate(root);
  assert.is(run.exitCode, 1, run.output);
  assert.match(run.output, /stopped taking lines \(ENOSPC\)/);
  assert.match(run.output, /NOT ENOUGH: \/var\/log \(logs \d+\.\d MiB\)/);
  // No room for the report either: the line points at the log instead.
  assert.match(run.output, /not started: 1 inhibitor\(s\), nothing was changed, see \/var\/log\/distro_migration\.log\n/);
  assert.is(await hostHash(root, { withoutLogDir: true }), before, 'nothing outside /var/log changed');
  assert.equal(await mountsUnder(root), [logDir]);
  await unmount(ctx, logDir);

  // 2. 256 KiB (the issue's reproduction): the free-space check says the logs need more; nothing changes.
  await mountTmpfs(ctx, logDir, '256k');
  run = await migrate(root);
  assert.is(run.exitCode, 1, run.output);
  assert.match(
    await readText(root, '/var/log/distro_migration.log'),
    /NOT ENOUGH: \/var\/log \(logs \d+\.\d MiB\) needs [\d.]+ MiB with a 10% margin, 0\.\d MiB free/,
  );
  assert.is(await hostHash(root, { withoutLogDir: true }), before);
  await unmount(ctx, logDir);

  // 3. Room enough for the pre-flight, then the disk fills up while rpm runs the transaction (held by the gate
  // package): the log stops, the upgrade does not; the exit code 0 is written in place; the end says what was lost.
  ctx.gate ??= await buildGateRepos();
  const gateServer = await serveDirectory(ctx.gate.target);
  ctx.served.push(gateServer);
  await addGate(root, ctx.gate, gateServer.url);
  await mountTmpfs(ctx, logDir, '16m');
  const running = migrate(root);
  for (let i = 0; i < 960 && !(await exists(root, GATE_WAITING)); i++) await new Promise((r) => setTimeout(r, 250));
  assert.ok(await exists(root, GATE_WAITING), 'the transaction reached the gate');
  await fill(logDir);
  await writeFile(path.join(root, GATE_OPEN.slice(1)), '');
  run = await running;
  await assertCompleted(ctx, root, run, { testMounts: [logDir] });
  assert.match(
    run.output,
    /the log \/system-root\/var\/log\/distro_migration\.(log|jsonl) stopped taking lines \(ENOSPC\): \d+ line\(s\) are missing from it/,
  );
  assert.match(await readText(root, '/usr/share/dms-gate/version'), /^2$/m);
  await unmount(ctx, logDir);

  // The re-run finds the migration complete: nothing to do, exit 0.
  const again = await migrate(root);
  assert.is(again.exitCode, 0, again.output);
  assert.match(again.output, /completed at .*: nothing to do/);
});

test('a whole migration writes less to /var/log than the free-space check asks for', async (ctx) => {
  const root = await freshRoot(ctx);
  const logDir = path.join(root, 'var/log');
  const used = async () => Number((await execa('du', ['-sb', logDir])).stdout.split('\t')[0]);
  const start = await used();
  const run = await migrate(root);
  await assertCompleted(ctx, root, run);
  const needed = /logs (\d+\.\d) MiB/.exec(await readText(root, '/var/log/distro_migration.log'))?.[1];
  assert.ok(needed, 'the free-space check names what the logs need');
  const grown = (await used()) - start;
  assert.ok(grown > 0 && grown < Number(needed) * 1024 * 1024, `the logs grew by ${grown} bytes; the check asked for ${needed} MiB`);
});

test('a read-only /var/log: refused in one line, no lock left, no hang, host unchanged; writable again, the run completes', async (ctx) => {
  const root = await freshRoot(ctx);
  const logDir = path.join(root, 'var/log');
  await execa('mount', ['--bind', logDir, logDir]);
  ctx.mounts.push(logDir);
  await execa('mount', ['-o', 'remount,bind,ro', logDir]);
  // The lock file is the one thing written (before the logs are opened); it is taken and freed.
  const before = await treeHash(root, ['var/lib/dms/migration.lock']);
  const run = await migrate(root);
  assert.is(run.exitCode, 2, run.output);
  assert.match(
    oneLine(run.output),
    /^dms: cannot write the log in the host's \/var\/log \(EROFS: \/var\/log\/distro_migration\.log\): make \/var\/log a writable directory on the host; nothing was changed$/,
  );
  assert.is(await treeHash(root, ['var/lib/dms/migration.lock']), before, 'the host root is unchanged');
  assert.is(await exists(root, '/var/lib/dms/journal.json'), false, 'no journal: the run never started');
  await unmount(ctx, logDir);
  // The lock was freed with the process: the next run takes it and completes.
  await assertCompleted(ctx, root, await migrate(root));
});

test('/var/log an absolute link to /srv/log (the shim binds what the host resolves): the logs land in /srv/log of the host', async (ctx) => {
  const root = await freshRoot(ctx);
  await rename(path.join(root, 'var/log'), path.join(root, 'srv/log')).catch(async () => {
    await mkdir(path.join(root, 'srv'), { recursive: true });
    await rename(path.join(root, 'var/log'), path.join(root, 'srv/log'));
  });
  await symlink('/srv/log', path.join(root, 'var/log'));
  const logDir = path.join(root, 'srv/log');
  const run = await migrate(root, { logDir });
  await assertCompleted(ctx, root, run, { logDir: '/srv/log' });
  assert.match(await readText(root, '/srv/log/distro_migration.log'), /Migration succeeded/);
  assert.ok((await readdir(logDir)).includes('distro_migration.jsonl'));
  assert.is((await execa('readlink', [path.join(root, 'var/log')])).stdout, '/srv/log', 'the link stays a link');
});

test('configuration without an end or far too big (FIFO, /dev/zero, 50 MB): refused in one line each, host unchanged; the run completes after', async (ctx) => {
  const root = await freshRoot(ctx);
  const config = path.join(root, 'etc/sle-migration-service.yml');
  const cases: Array<[string, () => Promise<void>, RegExp]> = [
    ['FIFO', () => execa('mkfifo', [config]).then(() => undefined), /cannot be read: it is a FIFO, not a file/],
    [
      '/dev/zero',
      async () => {
        await execa('mknod', [path.join(root, 'dev/zero'), 'c', '1', '5']).catch(() => undefined);
        await symlink('/dev/zero', config);
      },
      /cannot be read: it is a device, not a file/,
    ],
    [
      '50 MB',
      async () => {
        await execa('truncate', ['-s', '50M', config]);
      },
      /cannot be read: it is 52428800 bytes, more than the 1048576 it may have/,
    ],
  ];
  for (const [what, make, why] of cases) {
    await make();
    const before = await treeHash(root);
    const started = Date.now();
    const run = await migrate(root);
    assert.is(run.exitCode, 2, `${what}: ${run.output}`);
    const line = oneLine(run.output);
    assert.match(line, /^dms: config error in \/system-root\/(etc\/sle-migration-service\.yml|dev\/zero)\b/, `${what}: ${line}`);
    assert.match(line, why, `${what}: ${line}`);
    assert.ok(Date.now() - started < 60_000, `${what}: ended on its own`);
    assert.is(await treeHash(root), before, `${what}: the host root is byte-for-byte unchanged`);
    await rm(config);
  }
  await assertCompleted(ctx, root, await migrate(root));
});

test('an empty and a corrupt rpm database inhibit before any change; with the database back the run completes', async (ctx) => {
  const root = await freshRoot(ctx);
  const db = path.join(root, 'var/lib/rpm');
  const saved = `${db}.saved`;
  await execa('cp', ['-a', db, saved]);
  const cases: Array<[string, () => Promise<void>]> = [
    [
      'empty',
      async () => {
        await rm(db, { recursive: true });
        await mkdir(db);
      },
    ],
    [
      'corrupt',
      async () => {
        await writeFile(path.join(db, 'rpmdb.sqlite'), Buffer.alloc(64 * 1024, 0x5a));
        await rm(path.join(db, 'rpmdb.sqlite-shm'), { force: true });
      },
    ],
  ];
  for (const [what, make] of cases) {
    await make();
    const before = await hostHash(root);
    const run = await migrate(root);
    assert.is(run.exitCode, 1, `${what}: ${run.output}`);
    assert.match(run.output, /\[STOP\] rpm-database|check rpm-database: failed/, what);
    assert.match(run.output, /not started: \d+ inhibitor\(s\), nothing was changed/, what);
    assert.is(await hostHash(root), before, `${what}: nothing changed`);
    assert.not.match(await readText(root, '/etc/issue'), /Migration has failed/, `${what}: no pointer, nothing was started`);
    await rm(db, { recursive: true });
    await execa('cp', ['-a', saved, db]);
  }
  await rm(saved, { recursive: true });
  await assertCompleted(ctx, root, await migrate(root));
});

test('killed between the result files of a successful run: exit code, journal and /etc/issue agree; the re-run ends them all at 0', async (ctx) => {
  for (const point of ['issue-restored', 'journal-succeeded'] as const) {
    const root = await freshRoot(ctx);
    const original = await readText(root, '/etc/issue');
    const name = `dms-test-pause-${process.pid}-${point}`;
    const running = migrate(root, { name, env: { DMS_PAUSE_AT: point } });
    let paused = false;
    for (let i = 0; i < 960 && !paused; i++) {
      paused = (await execa('podman', ['exec', name, 'test', '-e', '/run/dms-paused'], { reject: false })).exitCode === 0;
      if (!paused) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(paused, `${point}: the run reached the point`);
    await execa('podman', ['kill', '--signal', 'KILL', name]);
    const run = await running;
    assert.is(run.exitCode, 137, run.output);
    // Whatever the point: the exit code says not done (1) until the re-run says 0.
    assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1', point);
    assert.is(await readText(root, '/etc/issue'), original, `${point}: the banner was restored before the kill`);
    assert.is(await journalResult(root), point === 'issue-restored' ? 'running' : 'succeeded', point);
    assert.equal(await mixedRelease(ctx, root), [], point);
    const again = await migrate(root);
    await assertCompleted(ctx, root, again);
    assert.is(await readText(root, '/etc/issue'), original, point);
  }
});

/** Turns a bed root into the link layout of an installed SLES, absolute and relative links, each target with content. */
async function slesLinkLayout(root: string): Promise<void> {
  const move = async (from: string, to: string, link: string) => {
    await mkdir(path.dirname(path.join(root, to)), { recursive: true });
    await rename(path.join(root, from), path.join(root, to));
    await symlink(link, path.join(root, from));
  };
  await move('etc/issue', 'run/issue', '/run/issue');
  await move('etc/os-release', 'usr/lib/os-release', '../usr/lib/os-release');
  await mkdir(path.join(root, 'run/netconfig'), { recursive: true });
  await writeFile(path.join(root, 'run/netconfig/resolv.conf'), 'nameserver 192.0.2.53\n');
  await symlink('/run/netconfig/resolv.conf', path.join(root, 'etc/resolv.conf'));
  await mkdir(path.join(root, 'run/lock'), { recursive: true });
  await rm(path.join(root, 'var/run'), { recursive: true, force: true });
  await symlink('/run', path.join(root, 'var/run'));
  await rm(path.join(root, 'var/lock'), { recursive: true, force: true });
  await symlink('../run/lock', path.join(root, 'var/lock'));
}

test('the SLES link layout: a failure points /run/issue (behind /etc/issue) at the log, the report names the host from its own os-release; the completing run restores it', async (ctx) => {
  const root = await freshRoot(ctx);
  await slesLinkLayout(root);
  const hostBanner = await readText(root, '/run/issue');
  await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile('http://127.0.0.1:9/unreachable/'));
  const failed = await migrate(root);
  assert.is(failed.exitCode, 1, failed.output);
  assert.is(await readText(root, '/run/issue'), ISSUE_POINTER, 'the pointer is where the host shows its banner');
  assert.is((await execa('readlink', [path.join(root, 'etc/issue')])).stdout, '/run/issue', '/etc/issue stays a link');
  const report = JSON.parse(await readText(root, '/var/log/distro_migration.report.json')) as { host: { os: string } };
  assert.is(report.host.os, 'SUSE Linux Enterprise Server 12 SP5', "the host's os-release, through its relative link");
  assert.is(await readText(root, '/run/netconfig/resolv.conf'), 'nameserver 192.0.2.53\n');
  for (const [link, target] of [
    ['etc/resolv.conf', '/run/netconfig/resolv.conf'],
    ['var/run', '/run'],
    ['var/lock', '../run/lock'],
  ]) {
    assert.is((await execa('readlink', [path.join(root, link!)])).stdout, target, `${link} stays a link`);
  }
  await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile(ctx.url));
  await assertCompleted(ctx, root, await migrate(root));
  assert.is(await readText(root, '/run/issue'), hostBanner, 'the banner is back where it was');
});

/** Every process argument list on this machine (the container's processes included: one kernel). */
async function allCommandLines(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const text = await readFile(`/proc/${pid}/cmdline`).catch(() => undefined);
    if (text?.length) out.push(text.toString('utf8').replaceAll('\0', ' '));
  }
  return out;
}

test('the redaction corpus through a whole migration: no secret in any process argument during the run, the output, a log file, the report or the bundle', async (ctx) => {
  const root = await freshRoot(ctx);
  await seedSecrets(root);
  // The corpus' repositories stay disabled (this machine reaches no SUSE server); the target repository itself
  // carries a CDN token and a password, which the local server ignores as SUSE's CDN would check them.
  for (const file of await readdir(path.join(root, 'etc/zypp/repos.d'))) {
    if (file === path.basename(TARGET_REPO_FILE)) continue;
    const full = path.join(root, 'etc/zypp/repos.d', file);
    const text = (await readFile(full)).toString('latin1');
    await writeFile(
      full,
      text.includes('enabled=1') ? text.replace('enabled=1', 'enabled=0') : text.replace(']\n', ']\nenabled=0\n'),
      'latin1',
    );
  }
  // The corpus' proxy (with its password) stays in the file, switched off: there is no proxy here.
  const proxy = path.join(root, 'etc/sysconfig/proxy');
  await writeFile(proxy, (await readFile(proxy, 'utf8')).replace('PROXY_ENABLED="yes"', 'PROXY_ENABLED="no"'));
  const url = new URL(ctx.url);
  await writeFile(
    path.join(root, TARGET_REPO_FILE),
    targetRepoFile(`http://admin:${SECRETS.repoPassword}@${url.host}/?exp=1765000000~acl=/SUSE/*~${SECRETS.cdnHmac}`),
  );
  const seen = new Set<string>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const line of await allCommandLines()) seen.add(line);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const run = await migrate(root);
  sampling = false;
  await sampler;
  await assertCompleted(ctx, root, run);
  assert.ok(
    [...seen].some((l) => l.includes('zypper')),
    'the sampler saw the run (zypper among the commands)',
  );
  const bundle = await migrate(root, { args: ['support-bundle'] });
  assert.is(bundle.exitCode, 0, bundle.output);
  const extracted = await mkdtemp(path.join(tmpdir(), 'dms-bundle-'));
  await execa('tar', ['-xzf', path.join(root, /^\S+\.tar\.gz$/m.exec(bundle.output)?.[0] ?? 'no bundle named'), '-C', extracted]);
  const outputs: Array<[string, string]> = [
    ['the run output', run.output],
    ['the support-bundle output', bundle.output],
    ...[...seen].map((l): [string, string] => ['a command line', l]),
  ];
  // What this program writes to /var/log, and every file of the bundle. zypper's own zypper.log and
  // updateTestcase-* hold the URLs as zypper writes them on any SLES: zypper's files, which the bundle leaves out.
  const ours = (await filesBelow(path.join(root, 'var/log'))).filter((f) => path.basename(f).startsWith('distro_migration.'));
  assert.ok(ours.length >= 5, `the logs, the exit code and the reports: ${ours.join(', ')}`);
  for (const file of [...ours, ...(await filesBelow(extracted))]) {
    if (!file.endsWith('.tar.gz')) outputs.push([file, (await readFile(file)).toString('latin1')]);
  }
  assert.ok(
    outputs.some(([what]) => what.endsWith('host/etc/zypp/repos.d/rmt.repo')),
    'the bundle holds the repositories',
  );
  assert.equal(
    outputs.flatMap(([what, text]) => leakedSecrets(text).map((secret) => `${what}: ${secret}`)),
    [],
  );
  await rm(extracted, { recursive: true });
});

test.run();
