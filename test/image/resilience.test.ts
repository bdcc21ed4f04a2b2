// Fault injection through the real image: each fault fails the run cleanly (exit 1, exit-code file, /etc/issue pointer,
// no mounts, the cause in the log, no secret anywhere), and a re-run completes once the fault is removed.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory, type Served } from '../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot, TARGET_REPO_FILE, targetRepoFile } from '../bed/system-root.js';
import { addGate, buildGateRepos, GATE_OPEN, GATE_WAITING, type GateRepos } from '../helpers/gate-package.js';
import { gatedServer } from '../helpers/gated-server.js';
import { exists, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';

const ISSUE_POINTER = 'Migration has failed, for further details see /var/log/distro_migration.log';
// Fake secrets the host holds: none may reach a log or the container's output.
const REGCODE = 'FAKE-REGCODE-7f3a9c';
const REPO_PASSWORD = 'repoPass-91e2';
const PROXY_PASSWORD = 'proxyPass-55d0';

interface Ctx {
  sles15: string;
  served: Served[];
  roots: string[];
  gate?: GateRepos;
}
const test = suite<Ctx>('resilience: fault injection', { sles15: '', served: [], roots: [] });

test.before(async (ctx) => {
  ctx.sles15 = (await ensureRepos()).sles15;
});

test.after(async (ctx) => {
  for (const s of ctx.served) await s.close();
  if (ctx.gate) await rm(ctx.gate.dir, { recursive: true, force: true });
  if (process.env.DMS_KEEP_ROOTS) return;
  for (const root of ctx.roots) {
    await execa('umount', ['--lazy', path.join(root, 'usr')], { reject: false });
    await removeSystemRoot(root);
  }
});

async function serve(ctx: Ctx, dir: string): Promise<string> {
  const s = await serveDirectory(dir);
  ctx.served.push(s);
  return s.url;
}

/** A bed root whose target repository URL carries credentials, with a registration code and a proxy password on the host. */
async function secretRoot(ctx: Ctx, repoUrl: string): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: repoUrl });
  ctx.roots.push(root);
  await setRepo(root, repoUrl);
  await mkdir(path.join(root, 'etc/zypp/credentials.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/zypp/credentials.d/SCCcredentials'), `username=SCC_0123\npassword=${REGCODE}\n`);
  await mkdir(path.join(root, 'etc/sysconfig'), { recursive: true });
  await writeFile(
    path.join(root, 'etc/sysconfig/proxy'),
    `PROXY_ENABLED="no"\nHTTP_PROXY="http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:3128"\n`,
  );
  return root;
}

async function setRepo(root: string, url: string): Promise<void> {
  const withCredentials = url.replace('http://', `http://dmsuser:${REPO_PASSWORD}@`);
  await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile(withCredentials));
}

function migrate(root: string, args: string[] = ['run', '--use-zypper-dup'], name?: string) {
  return runImage({ root, logDir: path.join(root, 'var/log'), args, ...(name ? { name } : {}) });
}

async function logs(root: string): Promise<string> {
  return (await readText(root, '/var/log/distro_migration.log')) + (await readText(root, '/var/log/distro_migration.jsonl'));
}

async function journal(
  root: string,
): Promise<{ result: string; runs: number; steps: Record<string, { state: string; attempts: number }> }> {
  return JSON.parse(await readText(root, '/var/lib/dms/journal.json'));
}

/** What every failed run must leave; `cause` must appear in the log; `output` is the container's. */
async function assertCleanFailure(root: string, run: { exitCode: number; output: string }, cause: RegExp, ignoreMounts: string[] = []) {
  assert.is.not(run.exitCode, 0, run.output);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER);
  assert.equal(
    (await mountsUnder(root)).filter((m) => !ignoreMounts.includes(m)),
    [],
    'no mounts left on the host',
  );
  const text = await logs(root);
  assert.match(text, cause);
  for (const secret of [REGCODE, REPO_PASSWORD, PROXY_PASSWORD]) {
    assert.not.ok(text.includes(secret), `secret ${secret} in the log`);
    assert.not.ok(run.output.includes(secret), `secret ${secret} in the container output`);
  }
}

async function assertCompleted(root: string, run: { exitCode: number; output: string }, ignoreMounts: string[] = []) {
  assert.is(run.exitCode, 0, run.output.slice(-3000));
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');
  assert.not.match(await readText(root, '/etc/issue'), /Migration has failed/);
  assert.ok((await rpmPackages(root)).get('sles-release')?.startsWith('15.7'));
  assert.equal(
    (await mountsUnder(root)).filter((m) => !ignoreMounts.includes(m)),
    [],
  );
  assert.is((await journal(root)).result, 'succeeded');
}

test('one root, faults one after another (corrupt product, solver conflict, unreachable and vanishing repository, full disk), then a run that completes', async (ctx) => {
  const goodUrl = await serve(ctx, ctx.sles15);
  const root = await secretRoot(ctx, goodUrl);
  const before = await rpmPackages(root);

  // 1. A corrupt base product file: product-setup finds no base product.
  const prod = path.join(root, 'etc/products.d/SLES.prod');
  const prodText = await readFile(prod, 'utf8');
  await writeFile(prod, '<?xml version="1.0"?>\n<product><name>SLES</name><register><tar');
  // The pre-flight refuses it before any change (an inhibitor: no exit-code file, /etc/issue untouched) ...
  const issueBefore = await readText(root, '/etc/issue');
  let run = await migrate(root);
  assert.is(run.exitCode, 1, run.output);
  assert.match(await logs(root), /not started: .*inhibitor/);
  assert.match(await logs(root), /single-base-product/);
  assert.not.ok(await exists(root, '/var/log/distro_migration.exitcode'));
  assert.is(await readText(root, '/etc/issue'), issueBefore);
  // ... so that faults 1 and 2 reach the steps, the administrator waives those checks (reported as waived).
  await writeFile(
    path.join(root, 'etc/sle-migration-service.yml'),
    [
      'waivers:',
      '  - { id: single-base-product, reason: fault injection test }',
      '  - { id: solver-plan, reason: fault injection test }',
      '  - { id: zypper-locks, reason: fault injection test }',
      '',
    ].join('\n'),
  );
  run = await migrate(root);
  await assertCleanFailure(root, run, /product-setup failed: .*(no baseproduct|base product)/i);
  assert.match(await logs(root), /skipped unreadable product file .*SLES\.prod/);
  assert.match(
    await logs(root),
    /\[btrfs-snapshot-pre\] skipped: the host root is \S+, not btrfs: there is no rollback for this migration/,
    'said before the first change',
  );
  assert.is((await journal(root)).steps['product-setup']?.state, 'failed');
  await writeFile(prod, prodText);

  // 2. A solver conflict: the host locks a package the upgrade needs.
  await writeFile(path.join(root, 'etc/zypp/locks'), 'type: package\nmatch_type: exact\ncase_sensitive: on\nsolvable_name: libfoo2\n\n');
  run = await migrate(root);
  await assertCleanFailure(root, run, /Problem: .*libfoo2|libfoo2.*(locked|lock)/s);
  assert.match(await logs(root), /upgrade failed: Migration failed with: zypper dup exit code 4/);
  assert.equal(await rpmPackages(root), before, 'nothing was installed');
  await rm(path.join(root, 'etc/zypp/locks'));

  // 3. The target repository is unreachable before the download.
  await setRepo(root, 'http://127.0.0.1:9/gone/');
  run = await migrate(root);
  await assertCleanFailure(root, run, /zypper dup exit code 106/);

  // 4. The repository vanishes during the download (the server closes mid-package).
  const vanishing = await gatedServer(ctx.sles15, 'vanish');
  ctx.served.push({ url: vanishing.url, port: 0, close: vanishing.close });
  await setRepo(root, vanishing.url);
  run = await migrate(root);
  await assertCleanFailure(root, run, /upgrade failed: Migration failed with: zypper dup exit code/);
  assert.match(await logs(root), /(Download|Connection|connect|Failed to).*(error|refused|failed)/i);
  assert.equal(await rpmPackages(root), before, 'a failed download changes no package (download in advance)');

  // 5. The disk is full: the root's /usr is a small tmpfs, just larger than what it holds.
  await setRepo(root, goodUrl);
  const usr = path.join(root, 'usr');
  const { stdout: used } = await execa('du', ['-s', '-B', '1K', usr]);
  const sizeK = Number.parseInt(used, 10) + 64;
  await execa('cp', ['-a', usr, `${usr}.orig`]);
  await execa('mount', ['-t', 'tmpfs', '-o', `size=${sizeK}k,mode=0755`, 'dms-test-full', usr]);
  try {
    await execa('cp', ['-a', `${usr}.orig/.`, `${usr}/`]);
    run = await migrate(root);
    await assertCleanFailure(root, run, /(disk space|No space left|needs \d+\w* .*on the \/usr filesystem)/i, [usr]);
    // The user frees space; the run continues.
    await execa('mount', ['-o', 'remount,size=256m', usr]);
    run = await migrate(root);
    await assertCompleted(root, run, [usr]);
    assert.match(await logs(root), /continuing the earlier run/);
    const j = await journal(root);
    assert.is(j.runs, 6, 'one journal across the six runs');
    assert.ok((j.steps.upgrade?.attempts ?? 0) >= 4, `upgrade attempts ${j.steps.upgrade?.attempts}`);
  } finally {
    await execa('umount', [usr], { reject: false });
    await rm(`${usr}.orig`, { recursive: true, force: true });
  }
});

/** Runs the migration against a repository that holds the package downloads, and signals the container once they began. */
async function signalDuringDownload(ctx: Ctx, root: string, podmanArgs: (name: string) => string[]) {
  const held = await gatedServer(ctx.sles15, 'hold');
  ctx.served.push({ url: held.url, port: 0, close: held.close });
  await setRepo(root, held.url);
  const name = `dms-test-signal-${process.pid}`;
  const running = migrate(root, undefined, name);
  await held.firstRpm;
  await execa('podman', podmanArgs(name));
  const run = await running;
  held.release();
  return run;
}

test('SIGTERM (podman stop) and SIGINT during the download stop zypper, record the step as interrupted; a re-run resumes', async (ctx) => {
  const root = await secretRoot(ctx, 'http://127.0.0.1:9/set-below/');
  const run = await signalDuringDownload(ctx, root, (name) => ['stop', '--time', '60', name]);
  await assertCleanFailure(root, run, /received SIGTERM: stopping the running command/);
  const log = await logs(root);
  assert.match(log, /upgrade interrupted: /);
  assert.match(log, /released \d+ mount\(s\); none left/);
  assert.match(log, /Migration interrupted at step upgrade/);
  const j = await journal(root);
  assert.is(j.result, 'interrupted');
  assert.is(j.steps.upgrade?.state, 'interrupted');

  // SIGINT (Ctrl-C) does the same, on the continued run.
  const run2 = await signalDuringDownload(ctx, root, (name) => ['kill', '--signal', 'INT', name]);
  await assertCleanFailure(root, run2, /received SIGINT: stopping the running command/);
  const j2 = await journal(root);
  assert.is(j2.steps.upgrade?.state, 'interrupted');
  assert.is(j2.runs, 2);

  await setRepo(root, await serve(ctx, ctx.sles15));
  const again = await migrate(root);
  await assertCompleted(root, again);
  assert.match(await logs(root), /continuing the earlier run \(the earlier run ended interrupted\)/);
});

test('zypper killed mid-transaction, then the container killed mid-transaction: each re-run continues, the last completes', async (ctx) => {
  ctx.gate = await buildGateRepos();
  const gateUrl = await serve(ctx, ctx.gate.target);
  const root = await secretRoot(ctx, await serve(ctx, ctx.sles15));
  await addGate(root, ctx.gate, gateUrl);
  const waitFor = async (hostPath: string) => {
    // The scriptlet signals it is waiting; polled, bounded by the run's own time limit.
    for (let i = 0; i < 1200 && !(await exists(root, hostPath)); i++) await new Promise((r) => setTimeout(r, 250));
    assert.ok(await exists(root, hostPath), `${hostPath} appeared`);
  };

  // zypper killed (SIGKILL) while rpm runs the gate package's %pre: the transaction is cut off.
  const name = `dms-test-kill-${process.pid}`;
  let running = migrate(root, undefined, name);
  await waitFor(GATE_WAITING);
  const { stdout: pid } = await execa('podman', ['exec', name, 'pgrep', '-o', '-x', 'zypper']);
  await execa('podman', ['exec', name, 'kill', '-KILL', pid.trim()]);
  let run = await running;
  await assertCleanFailure(root, run, /upgrade failed: Migration failed with: zypper dup was killed by signal SIGKILL/);
  assert.is((await journal(root)).steps.upgrade?.state, 'failed');

  // The whole container killed (SIGKILL) in the same place: nothing gets to clean up, yet the result files stand.
  await rm(path.join(root, GATE_WAITING.slice(1)), { force: true });
  running = migrate(root, undefined, name);
  await waitFor(GATE_WAITING);
  await execa('podman', ['kill', '--signal', 'KILL', name]);
  run = await running;
  assert.is(run.exitCode, 137, run.output);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER, 'the pointer was set before the first change');
  assert.equal(await mountsUnder(root), []);
  const j = await journal(root);
  assert.is(j.steps.upgrade?.state, 'running', 'the journal shows where the run died');

  // The fault is gone (the gate is open): the next run takes the lock (the kernel freed it) and completes.
  await writeFile(path.join(root, GATE_OPEN.slice(1)), '');
  const again = await migrate(root);
  await assertCompleted(root, again);
  assert.match(await logs(root), /continuing the earlier run \(the earlier run stopped without finishing \(killed\?\)\)/);
  assert.match(await readText(root, '/usr/share/dms-gate/version'), /^2$/m);
});

test('bad input through the real image: each SPEC 3.4 kind of broken config and hostile values, refused in one line, host root unchanged', async (ctx) => {
  const root = await secretRoot(ctx, 'http://127.0.0.1:9/never-used/');
  const hostFile = path.join(root, 'etc/sle-migration-service.yml');
  const cases: { name: string; config?: string; args?: string[]; expect: RegExp }[] = [
    { name: 'YAML syntax error', config: 'debug: true\nbut:this is horribly broken!\n', expect: /YAML syntax error at line 2/ },
    { name: 'a scalar, not a mapping', config: 'name:value_but_missing_space\n', expect: /not a mapping of settings/ },
    {
      name: 'schema violation',
      config: "debug: 'must be boolean'\npreserve: 'must be a dict'\nextra: 1\n",
      expect: /debug: .*preserve: must be a mapping/,
    },
    {
      name: 'shell metacharacters in migration_product',
      config: 'migration_product: "SLES/15.7/x86_64;reboot"\n',
      expect: /migration_product: must look like/,
    },
    {
      name: 'a YAML alias bomb',
      config:
        'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      expect: /cannot be expanded|alias/i,
    },
    { name: 'path traversal as --product', args: ['run', '--product', '../../../etc/shadow'], expect: /is not NAME\/VERSION\/ARCH/ },
  ];
  for (const c of cases) {
    if (c.config !== undefined) await writeFile(hostFile, c.config);
    else await rm(hostFile, { force: true });
    const before = await treeHash(root);
    const run = await migrate(root, c.args);
    assert.is(run.exitCode, 2, `${c.name}: ${run.output}`);
    const lines = run.output.trim().split('\n');
    assert.is(lines.length, 1, `${c.name}: ${run.output}`);
    assert.match(lines[0]!, /^dms: /);
    assert.match(lines[0]!, c.expect, c.name);
    assert.is(await treeHash(root), before, `${c.name}: the host root is unchanged`);
  }
});

test.run();
