// The Ansible collection dms.migration (scripts/ansible), built and installed, against a fleet of synthetic hosts on
// this machine: check.yml (also --check, twice, a check that cannot run, unreachable hosts, a failed package install),
// remediate.yml (commands, --fix), migrate.yml (a stopped rollout, then again once the mirror is back), with the
// verification after each migration.
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos, makeSystemRoot, removeSystemRoot, rpm, serveDirectory, type Served } from '../bed/index.js';
import { screenshot } from '../helpers/chromium.js';
import { buildHostPackage, buildStandinProvider } from '../helpers/host-package.js';
import { readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { SHIM } from '../helpers/shim.js';
import {
  addStaleRepos,
  FAILED_UNITS,
  FLEET,
  IMAGE,
  INHIBITOR,
  installCollection,
  makeInhibited,
  makeLocked,
  MULTIVERSION,
  MULTIVERSION_ZYPP_CONF,
  REMOVELOCK,
  REPO,
  SOLVER_INHIBITOR,
  WAIVER,
  WRONG_PRODUCT_VERSION,
  fleetInventory,
  type FleetHost,
} from './fleet.js';

interface Summary {
  stage: string;
  counts: Record<string, number>;
  ready: string[];
  inhibited: Record<string, string[]>;
  waived: Record<string, Record<string, { reason: string; expires?: string }>>;
  errors: Record<string, string>;
  hosts: Array<{ host: string; check: CheckRecord; migration?: Record<string, unknown> }>;
  migration?: { succeeded: string[]; failed: Record<string, string>; notAttempted: string[]; rollout: { stopped: boolean } };
}

interface CheckRecord {
  status: string;
  warnings: string[];
  report: string | null;
  html: string | null;
  findings: Array<{ id: string; severity: string; remediation: string | null; commands: string[] }>;
}

interface Ctx {
  dir: string;
  reports: string;
  inventory: string;
  /** ANSIBLE_COLLECTIONS_PATH holding the installed collection. */
  collections: string;
  roots: Record<FleetHost, string>;
  goodRepo?: Served;
  /** Serves the repository of the host that fails mid-migration: closed between check and migrate. */
  doomedRepo?: Served;
  /** The port of doomedRepo, where the mirror comes back after the stopped rollout. */
  doomedPort: number;
  /** The test repositories (ensureRepos). */
  sles15Repo: string;
  /** Tree hashes of hosts that must stay untouched, taken after the check. */
  hashes: Partial<Record<FleetHost, string>>;
}

const test = suite<Ctx>('ansible collection dms.migration on a fleet of synthetic hosts', {
  dir: '',
  reports: '',
  inventory: '',
  collections: '',
  roots: {} as Record<FleetHost, string>,
  doomedPort: 0,
  sles15Repo: '',
  hashes: {},
});

// uvu reports a failing before hook only as tests that did not pass: print its error.
test.before(async (ctx) =>
  setUp(ctx).catch((err: unknown) => {
    console.error('setting up the fleet failed:', err);
    throw err;
  }),
);

async function setUp(ctx: Ctx): Promise<void> {
  const repos = await ensureRepos();
  ctx.goodRepo = await serveDirectory(repos.sles15);
  ctx.doomedRepo = await serveDirectory(repos.sles15);
  ctx.doomedPort = ctx.doomedRepo.port;
  ctx.sles15Repo = repos.sles15;
  ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'dms-fleet-'));
  ctx.reports = path.join(ctx.dir, 'reports');
  for (const host of FLEET) {
    const repoUrl = host === 'failing' ? ctx.doomedRepo.url : ctx.goodRepo.url;
    ctx.roots[host] = await makeSystemRoot({ targetRepoUrl: repoUrl, dir: path.join(ctx.dir, 'roots', host) });
  }
  await makeInhibited(ctx.roots.inhibited);
  await makeInhibited(ctx.roots.waived);
  await makeLocked(ctx.roots.locked);
  await writeFile(path.join(ctx.roots.waived, 'etc/zypp/zypp.conf'), MULTIVERSION_ZYPP_CONF);
  ctx.collections = await installCollection(ctx.dir);
  // The canary lacks podman & co. as packages: a stand-in package provides them, so the host package installs.
  await rpm(ctx.roots.canary, ['--dbpath', '/var/lib/rpm', '--force-debian', '-i', await buildStandinProvider(path.join(ctx.dir, 'rpms'))]);
  const canaryPackage = await buildHostPackage(path.join(ctx.dir, 'rpms'));
  await mkdir(path.join(ctx.dir, 'standins'), { recursive: true });
  ctx.inventory = path.join(ctx.dir, 'inventory.yml');
  await writeFile(
    ctx.inventory,
    await fleetInventory({ roots: ctx.roots, reportDir: ctx.reports, standinLogDir: path.join(ctx.dir, 'standins'), canaryPackage }),
  );
}

test.after(async (ctx) => {
  await ctx.goodRepo?.close();
  await ctx.doomedRepo?.close();
  for (const root of Object.values(ctx.roots)) await removeSystemRoot(root);
  if (ctx.dir) await rm(ctx.dir, { recursive: true, force: true });
});

/** Runs a playbook of the installed collection: dms.migration.<name>. */
function playbook(ctx: Ctx, name: 'check' | 'migrate' | 'remediate', extra: string[] = []) {
  return execa('ansible-playbook', ['-i', ctx.inventory, `dms.migration.${name}`, ...extra], {
    reject: false,
    all: true,
    cwd: ctx.dir,
    stdin: 'ignore',
    timeout: 900_000,
    env: {
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: 'false',
      ANSIBLE_LOCAL_TEMP: path.join(ctx.dir, '.ansible-tmp'),
      ANSIBLE_COLLECTIONS_PATH: ctx.collections,
    },
  });
}

/** Calls of the shim's host programs (stand-ins, podman pass-through) for one host, one per line. */
async function standinLog(ctx: Ctx, host: FleetHost): Promise<string> {
  return readFile(path.join(ctx.dir, 'standins', `${host}.log`), 'utf8');
}

/** changed=N of each host in the play recap. */
function changedCounts(output: string): Record<string, number> {
  return Object.fromEntries([...output.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** The run folders of a host on the controller (hosts/<host>/runs), oldest first. */
async function runFolders(ctx: Ctx, host: FleetHost): Promise<string[]> {
  return (await readdir(path.join(ctx.reports, 'hosts', host, 'runs'))).sort();
}

async function summary(ctx: Ctx): Promise<Summary> {
  return JSON.parse(await readFile(path.join(ctx.reports, 'fleet-summary.json'), 'utf8')) as Summary;
}

test('ansible-galaxy built and installed the collection: its roles analysis, upgrade, remediate, common and the playbooks', async (ctx) => {
  const installed = path.join(ctx.collections, 'ansible_collections/dms/migration');
  const manifest = JSON.parse(await readFile(path.join(installed, 'MANIFEST.json'), 'utf8')) as {
    collection_info: { namespace: string; name: string };
  };
  assert.equal([manifest.collection_info.namespace, manifest.collection_info.name], ['dms', 'migration']);
  assert.equal((await readdir(path.join(installed, 'roles'))).sort(), ['analysis', 'common', 'remediate', 'upgrade']);
  assert.equal((await readdir(path.join(installed, 'playbooks'))).sort(), ['check.yml', 'migrate.yml', 'remediate.yml']);
});

test('check.yml --check (check mode) checks a host and writes the summary, changing nothing on it outside /var/log', async (ctx) => {
  const untouched = ['var/log'];
  const before = await treeHash(ctx.roots.inhibited, untouched);
  const run = await playbook(ctx, 'check', ['--check', '-e', JSON.stringify({ dms_hosts: 'inhibited' })]);
  assert.is(run.exitCode, 0, run.all);
  assert.not.match(run.all, /report is missing/);
  const s = await summary(ctx);
  assert.equal(s.inhibited, { inhibited: [INHIBITOR] }, run.all);
  assert.equal(changedCounts(run.all), { inhibited: 0 });
  assert.is(await treeHash(ctx.roots.inhibited, untouched), before, 'the check changed nothing outside /var/log');
});

test('check.yml installs the host package (stand-in provider of podman), checks every host with migrate --check, fetches each report (JSON, HTML) into a run folder and writes the fleet summary with each inhibitor and its remediation', async (ctx) => {
  const untouched = ['var/log'];
  const before = await treeHash(ctx.roots.inhibited, untouched);
  const run = await playbook(ctx, 'check');
  const s = await summary(ctx).catch((err: Error): never => {
    throw new Error(`check.yml wrote no fleet summary (${err.message}):\n${run.all}`);
  });
  assert.equal(
    s.errors,
    {},
    `migrate --check could not run on some hosts; does the image ${IMAGE} have the pre-flight \`check\` command (issue 5) and scripts/migrate its --check mode (issue 4)?\n${JSON.stringify(s.errors, null, 2)}\n${run.all.slice(-4000)}`,
  );
  assert.is(run.exitCode, 0, run.all);

  assert.is(s.stage, 'check');
  assert.equal(s.ready, ['canary', 'failing', 'later', 'waived']);
  assert.equal(Object.keys(s.inhibited), ['inhibited', 'locked']);
  assert.ok(s.inhibited.inhibited!.includes(INHIBITOR), JSON.stringify(s.inhibited));
  assert.ok(s.inhibited.locked!.includes(SOLVER_INHIBITOR), JSON.stringify(s.inhibited));
  assert.equal(Object.keys(s.waived), ['waived'], 'only the host with dms_waivers has a waived check');
  assert.equal(s.waived.waived![INHIBITOR], { reason: WAIVER.reason, expires: WAIVER.expires });
  assert.equal(s.counts, { hosts: 6, ready: 4, inhibited: 2, errors: 0, waived: 1 });
  assert.equal(
    s.hosts.map((h) => h.host),
    [...FLEET],
    'inventory order, also for the host that the check --check put into the summary first',
  );

  for (const host of FLEET) {
    const latest = path.join(ctx.reports, 'hosts', host, 'latest');
    assert.match(await readlink(latest), /^runs\/\d{8}T\d{6}Z-check$/, host);
    const report = JSON.parse(await readFile(path.join(latest, 'check.report.json'), 'utf8')) as { kind: string; result: string };
    assert.is(report.kind, 'check', host);
    assert.is(report.result, ['inhibited', 'locked'].includes(host) ? 'inhibited' : 'ready', host);
    assert.match(
      await readFile(path.join(latest, 'check.report.html'), 'utf8'),
      /^<!DOCTYPE html>/i,
      `${host}: the HTML report is fetched`,
    );
  }
  // The locked host's finding carries the command the report proposes.
  const locked = s.hosts.find((h) => h.host === 'locked')!.check;
  const finding = locked.findings.find((f) => f.id === SOLVER_INHIBITOR)!;
  assert.ok(finding.commands.includes(REMOVELOCK), JSON.stringify(finding));
  assert.ok(finding.remediation, 'the finding says what to do');

  const html = await readFile(path.join(ctx.reports, 'fleet-summary.html'), 'utf8');
  assert.match(html, new RegExp(`<tr id="host-inhibited">[\\s\\S]*?class="inhibited">inhibited[\\s\\S]*?<code>${INHIBITOR}</code>`));
  assert.match(
    html,
    new RegExp(`<div class="finding" id="finding-locked-${SOLVER_INHIBITOR}">[\\s\\S]*?<pre>[^<]*${REMOVELOCK}\\n`),
    'the inhibitor with its command',
  );
  assert.ok(html.includes(`<a href="${locked.html}">check</a>`), 'the host row links the HTML report');
  assert.ok(
    html.includes(`<code>${INHIBITOR}</code>: ${WAIVER.reason} (until ${WAIVER.expires})`),
    'the waiver with its reason and expiry',
  );
  assert.not.match(html, /<script|<link|src="http/, 'the page is self-contained');
  // `DMS_UPDATE_SCREENSHOTS=1` refreshes the picture of the fleet page in docs/ from this very page (headless Chromium).
  if (process.env.DMS_UPDATE_SCREENSHOTS === '1')
    await screenshot(path.join(ctx.reports, 'fleet-summary.html'), path.join(REPO, 'docs/screenshots/fleet-summary.png'));

  // The canary got the host package through dms_package (zypper) and its check ran the installed shim.
  const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.is((await rpmPackages(ctx.roots.canary)).get('dms-migrate'), `${version}-0`);
  assert.is(await readText(ctx.roots.canary, '/usr/sbin/migrate'), await readFile(SHIM, 'utf8'));

  // The waiver reached the host as the role's drop-in, never through the host's own configuration file.
  assert.match(await readText(ctx.roots.waived, '/etc/sle-migration-service.d/50-ansible-waivers.yml'), new RegExp(`id: ${INHIBITOR}`));
  assert.is(await treeHash(ctx.roots.inhibited, untouched), before, 'the check changed nothing outside /var/log');
  assert.ok(changedCounts(run.all).waived! > 0, 'the waiver drop-in is a change of the host');
});

test('check.yml a second time reports no change where nothing changed on the hosts and keeps the earlier run folders', async (ctx) => {
  // The hosts where the check could change something: the package (canary) and the waiver drop-in (waived).
  const hosts = ['canary', 'waived'] as const;
  const earlier = await runFolders(ctx, 'canary');
  const run = await playbook(ctx, 'check', ['-e', JSON.stringify({ dms_hosts: hosts.join(':') })]);
  assert.is(run.exitCode, 0, run.all);
  assert.equal(changedCounts(run.all), { canary: 0, waived: 0 }, run.all);
  const now = await runFolders(ctx, 'canary');
  assert.ok(now.length > earlier.length && earlier.every((f) => now.includes(f)), `earlier runs are kept: ${now.join(', ')}`);
  assert.is(await readlink(path.join(ctx.reports, 'hosts/canary/latest')), `runs/${now.at(-1)}`);
  assert.ok((await stat(path.join(ctx.reports, 'hosts/canary/runs', earlier[0]!, 'check.report.json'))).isFile());
  const s = await summary(ctx);
  assert.equal(s.counts, { hosts: 6, ready: 4, inhibited: 2, errors: 0, waived: 1 }, 'the summary still has every host');
  assert.equal(
    s.hosts.map((h) => h.host),
    [...FLEET],
  );
});

test('remediate.yml without opt-in runs nothing and lists the proposed commands; dms_remediate_commands runs them, dms_remediate_fix runs migrate --check --fix, and each host is checked again', async (ctx) => {
  const zyppConf = '/etc/zypp/zypp.conf';
  const record = async (host: FleetHost) => (await summary(ctx)).hosts.find((h) => h.host === host)!.check;
  assert.ok((await record('waived')).warnings.includes(MULTIVERSION), 'waived keeps every kernel: a finding --fix repairs');
  const waivedRuns = await runFolders(ctx, 'waived');

  const listed = await playbook(ctx, 'remediate', ['-e', JSON.stringify({ dms_hosts: 'locked:waived' })]);
  assert.is(listed.exitCode, 0, listed.all);
  assert.ok(listed.all.includes(`${SOLVER_INHIBITOR} proposes ${REMOVELOCK}`), listed.all);
  assert.ok(
    listed.all.includes(`waived: ${MULTIVERSION} proposes migrate --check --fix (not run: set dms_remediate_fix: true)`),
    listed.all,
  );
  assert.equal(changedCounts(listed.all), { locked: 0, waived: 0 });
  assert.match(await readText(ctx.roots.locked, '/etc/zypp/locks'), /legacy-agent/, 'the lock is still there');
  assert.is(await readText(ctx.roots.waived, zyppConf), MULTIVERSION_ZYPP_CONF, 'no --fix without dms_remediate_fix');
  assert.not.match(await standinLog(ctx, 'waived'), / check --fix/, 'no migrate --check --fix');
  assert.equal(await runFolders(ctx, 'waived'), waivedRuns, 'not checked again');

  const run = await playbook(ctx, 'remediate', [
    '-e',
    JSON.stringify({ dms_hosts: 'locked:waived', dms_remediate_commands: [SOLVER_INHIBITOR], dms_remediate_fix: true }),
  ]);
  assert.is(run.exitCode, 0, run.all);
  assert.not.match(await readText(ctx.roots.locked, '/etc/zypp/locks').catch(() => ''), /legacy-agent/, 'the lock is gone');
  assert.match(
    await readText(ctx.roots.waived, zyppConf),
    /^multiversion\.kernels = latest,running$/m,
    'migrate --check --fix repaired zypp.conf',
  );
  assert.match(await standinLog(ctx, 'waived'), /^podman run .* check --fix/m);
  const s = await summary(ctx);
  assert.equal(s.ready, ['canary', 'failing', 'later', 'waived', 'locked'], run.all);
  assert.equal(Object.keys(s.inhibited), ['inhibited']);
  const waived = await record('waived');
  assert.is(waived.status, 'ready');
  assert.not.ok(waived.warnings.includes(MULTIVERSION), `checked again after the fix: ${waived.warnings.join(', ')}`);
  assert.is((await runFolders(ctx, 'waived')).length, waivedRuns.length + 1, 'a new check run folder');
  // The lock removal and the repair of zypp.conf, each one change.
  assert.equal(changedCounts(run.all), { locked: 1, waived: 1 });
  assert.not.ok(run.all.includes(`${MULTIVERSION} proposes`), 'what the fix repairs is not listed as not run');
});

test('migrate.yml migrates the canary (stand-in dracut) and verifies it, stops the rollout at the failing batch, never touches inhibited or later hosts', async (ctx) => {
  // The repository mirror of the host "failing" goes down between the check and the migration.
  await ctx.doomedRepo!.close();
  ctx.doomedRepo = undefined;
  for (const host of ['inhibited', 'later', 'waived', 'locked'] as const) ctx.hashes[host] = await treeHash(ctx.roots[host]);
  const run = await playbook(ctx, 'migrate', ['-e', JSON.stringify({ dms_serial: [1, 1], dms_max_fail_percentage: 0 })]);
  assert.is(run.exitCode, 2, `a failed host makes ansible-playbook exit 2:\n${run.all}`);

  const s = await summary(ctx);
  assert.is(s.stage, 'migrate');
  assert.equal(s.migration?.succeeded, ['canary'], run.all);
  assert.equal(Object.keys(s.migration?.failed ?? {}), ['failing']);
  assert.match(s.migration!.failed.failing!, /^migrate exited with 1: failed at step upgrade: Migration failed with: /);
  assert.equal(s.migration?.notAttempted, ['later', 'waived', 'locked'], 'the rollout stopped before the later batches');
  assert.is(s.migration?.rollout.stopped, true);
  assert.equal(s.inhibited, { inhibited: [INHIBITOR] }, 'the check part of the summary is kept');

  const canary = s.hosts.find((h) => h.host === 'canary')!.migration! as {
    status: string;
    versionBefore: string;
    versionAfter: string;
    rebooted: boolean;
    warnings: string[];
    html: string;
    verification: { baseProductVersion: string; failedUnits: string[]; repositories: Array<{ alias: string; enabled: boolean }> };
  };
  assert.equal([canary.status, canary.versionBefore, canary.versionAfter, canary.rebooted], ['succeeded', '12.5', '15.7', false]);
  assert.is(canary.verification.baseProductVersion, '15.7', 'the registered base product is the target');
  assert.equal(canary.verification.failedUnits, []);
  assert.ok(
    canary.verification.repositories.some((r) => r.enabled),
    JSON.stringify(canary.verification.repositories),
  );
  assert.match(await standinLog(ctx, 'canary'), /^systemctl --failed --no-legend --plain$/m, 'failed units asked of systemctl (stand-in)');
  assert.match(await readText(ctx.roots.canary, '/etc/os-release'), /VERSION_ID="15\.7"/);
  assert.is((await readText(ctx.roots.canary, '/var/log/distro_migration.exitcode')).trim(), '0');
  const canaryRun = path.join(ctx.reports, 'hosts/canary/latest');
  assert.match(await readlink(canaryRun), /-migrate$/);
  const runReport = JSON.parse(await readFile(path.join(canaryRun, 'run.report.json'), 'utf8')) as { kind: string; result: string };
  assert.equal([runReport.kind, runReport.result], ['run', 'succeeded']);
  assert.ok(
    (await runFolders(ctx, 'canary')).some((f) => f.endsWith('-check')),
    "the canary's check runs are kept",
  );

  assert.match(await readText(ctx.roots.failing, '/etc/os-release'), /VERSION_ID="12\.5"/);
  assert.is((await readText(ctx.roots.failing, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.match(
    await readFile(path.join(ctx.reports, 'hosts/failing/latest/distro_migration.log'), 'utf8'),
    /zypper dup exit code 106/,
    "the failed host's log is on the controller",
  );

  for (const host of ['inhibited', 'later', 'waived', 'locked'] as const) {
    assert.is(await treeHash(ctx.roots[host]), ctx.hashes[host], `${host} is byte-for-byte unchanged`);
    assert.not.match(await standinLog(ctx, host), /^podman run .* run /m, `no migration container was started for ${host}`);
  }
  assert.match(await standinLog(ctx, 'canary'), /^podman run .* run --use-zypper-dup$/m);
  assert.match(await standinLog(ctx, 'canary'), /^dracut --force --sysroot /m, "the shim rebuilt the canary's initrd (stand-in dracut)");
  const html = await readFile(path.join(ctx.reports, 'fleet-summary.html'), 'utf8');
  assert.match(html, /the rollout stopped/);
  assert.match(html, /<tr id="host-later">[\s\S]*?class="not-attempted">not attempted/);
  assert.ok(html.includes(`<a href="${canary.html}">run</a>`), "the canary's run report is linked");
});

test('a second migrate.yml does not migrate a host that the fleet migrated already', async (ctx) => {
  const runs = async () => (await standinLog(ctx, 'canary')).split('\n').filter((l) => /^podman run .* run /.test(l)).length;
  const before = await runs();
  const run = await playbook(ctx, 'migrate', ['-e', JSON.stringify({ dms_hosts: 'canary' })]);
  assert.is(run.exitCode, 0, run.all);
  assert.match(run.all, /canary is not migrated again: it was migrated to 15\.7 at /);
  assert.is(await runs(), before, 'no second migration container');
});

test('migrate.yml fails a host whose release after the migration is not the expected one (dms_target_version); failed units are a warning', async (ctx) => {
  const run = await playbook(ctx, 'migrate', ['-e', JSON.stringify({ dms_hosts: 'later', dms_target_version: '15.6' })]);
  assert.is(run.exitCode, 2, run.all);
  assert.match(await readText(ctx.roots.later, '/etc/os-release'), /VERSION_ID="15\.7"/, 'the migration itself ran');
  const s = await summary(ctx);
  assert.is(
    s.migration?.failed.later,
    'the host runs VERSION_ID 15.7 after the migration, expected 15.6; the base product (/etc/products.d/baseproduct) has version 15.7, expected 15.6',
  );
  const later = s.hosts.find((h) => h.host === 'later')!.migration! as { warnings: string[] };
  assert.equal(
    later.warnings.filter((w) => w.startsWith('failed units')),
    [`failed units: ${FAILED_UNITS}`],
  );
  assert.equal(s.migration?.succeeded, ['canary'], 'earlier results stay in the summary');
  assert.equal(s.migration?.notAttempted, ['waived', 'locked']);
});

test('migrate.yml again after the mirror is back migrates the failed and the not attempted hosts and verifies each: a systemctl that cannot run and stale repositories are warnings, failed units fail with dms_verify_failed_units fail and are not asked with skip, a wrong base product fails (dms_target_product_version)', async (ctx) => {
  ctx.doomedRepo = await serveDirectory(ctx.sles15Repo, { port: ctx.doomedPort });
  const stale = await addStaleRepos(ctx.roots.locked, ctx.goodRepo!.url);
  // The second base product that waived had a waiver for is gone: the migration's product setup would refuse it.
  await rm(path.join(ctx.roots.waived, 'etc/products.d/SLED.prod'));
  const hosts = ['failing', 'waived', 'locked'] as const;
  const run = await playbook(ctx, 'migrate', ['-e', JSON.stringify({ dms_hosts: hosts.join(':'), dms_serial: [hosts.length] })]);
  assert.is(run.exitCode, 2, `waived fails its verification, next to two hosts that succeed:\n${run.all}`);
  assert.match(run.all, /waived: .* \(the rollout stops: this batch exceeded the failure budget\)/);
  for (const host of hosts) assert.match(await readText(ctx.roots[host], '/etc/os-release'), /VERSION_ID="15\.7"/, `${host} migrated`);

  const s = await summary(ctx);
  type Migration = {
    status: string;
    message: string;
    warnings: string[];
    verification: { baseProductVersion: string; failedUnits: string[]; staleRepositories: string[]; planComparison: { matches: boolean } };
  };
  const migration = (host: FleetHost) => s.hosts.find((h) => h.host === host)!.migration! as Migration;
  assert.equal(s.migration?.succeeded, ['canary', 'failing', 'locked'], run.all);
  assert.equal(s.migration?.notAttempted, []);
  assert.equal(Object.keys(s.migration?.failed ?? {}), ['later', 'waived']);

  // failing: its mirror is back; systemctl cannot run there, which is a warning.
  const failing = migration('failing');
  assert.is(failing.status, 'succeeded');
  assert.equal(failing.warnings, ['failed units not listed: systemctl exited with 1: Failed to connect to bus: Host is down']);
  assert.equal(failing.verification.failedUnits, []);

  // waived: dms_verify_failed_units fail and a base product other than dms_target_product_version, each fails it.
  assert.is(
    s.migration?.failed.waived,
    `the base product (/etc/products.d/baseproduct) has version 15.7, expected ${WRONG_PRODUCT_VERSION}; failed units: ${FAILED_UNITS}`,
  );
  assert.equal(migration('waived').verification.failedUnits, [FAILED_UNITS]);
  assert.equal(migration('waived').warnings, []);

  // locked: failed units not asked (skip); the enabled repositories of 12 SP5 are a warning, the disabled one is not.
  const locked = migration('locked');
  assert.is(locked.status, 'succeeded');
  assert.not.match(await standinLog(ctx, 'locked'), /^systemctl --failed/m, 'systemctl not asked');
  assert.equal(locked.verification.failedUnits, []);
  assert.equal([...locked.verification.staleRepositories].sort(), stale);
  const warning = `enabled repositories of the release before: ${locked.verification.staleRepositories.join(', ')}`;
  assert.equal(locked.warnings, [warning]);
  assert.is(locked.verification.planComparison.matches, true, 'the packages changed as planned: no warning about the plan');
  const html = await readFile(path.join(ctx.reports, 'fleet-summary.html'), 'utf8');
  assert.match(html, new RegExp(`<tr id="host-locked">[\\s\\S]*?<span class="warn">${warning}</span>`), 'the warning on the summary page');
});

test('migrate.yml refuses dms_reboot: true on a test root (dms_system_root) and a poll interval of 0, before anything runs', async (ctx) => {
  const before = await standinLog(ctx, 'later');
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ dms_reboot: true }, /dms_system_root is set \(a test root\): set dms_reboot to false/],
    [{ dms_migrate_poll: 0 }, /dms_migrate_poll and dms_migrate_async must be positive \(seconds\), not 0 and 14400/],
  ];
  for (const [extra, message] of cases) {
    const run = await playbook(ctx, 'migrate', ['-e', JSON.stringify({ dms_hosts: 'later', ...extra })]);
    assert.is(run.exitCode, 2, run.all);
    assert.match(run.all, message);
  }
  assert.is(await standinLog(ctx, 'later'), before, 'nothing ran on the host');
});

test('check.yml with dms_waivers emptied removes the waiver drop-in and starts the host record afresh', async (ctx) => {
  const dropIn = path.join(ctx.roots.waived, 'etc/sle-migration-service.d/50-ansible-waivers.yml');
  assert.ok((await stat(dropIn)).isFile());
  const run = await playbook(ctx, 'check', ['-e', JSON.stringify({ dms_hosts: 'waived', dms_waivers: [] })]);
  assert.is(
    await stat(dropIn).then(
      () => true,
      () => false,
    ),
    false,
    run.all,
  );
  assert.equal(changedCounts(run.all), { waived: 1 });
  const s = await summary(ctx);
  assert.equal(s.waived, {}, 'no waived check left');
  assert.is(s.hosts.find((h) => h.host === 'waived')!.migration, undefined, 'the old migration record goes');
});

test('check.yml fails a host whose check cannot run (its image is missing: no report) and lists it under errors', async (ctx) => {
  const missing = { dms_hosts: 'inhibited', dms_migration_image: 'localhost/dms-migration-absent:never', dms_pull: 'never' };
  const run = await playbook(ctx, 'check', ['-e', JSON.stringify(missing)]);
  assert.is(run.exitCode, 2, run.all);
  const s = await summary(ctx);
  assert.is(
    s.errors.inhibited,
    `migrate --check exited with 125: ${missing.dms_migration_image} is not in local storage and --pull=never forbids pulling it`,
    'the exit code and the message of the shim',
  );
  assert.is(s.hosts.find((h) => h.host === 'inhibited')!.check.status, 'error');
  assert.is(s.counts.errors, 1);
  assert.ok(!s.ready.includes('inhibited') && !('inhibited' in s.inhibited));
});

/** An inventory to add with -i: the host behind an SSH port nobody listens on (unreachable). */
async function unreachable(ctx: Ctx, host: FleetHost): Promise<string> {
  const file = path.join(ctx.dir, `unreachable-${host}.yml`);
  await writeFile(
    file,
    JSON.stringify({ all: { hosts: { [host]: { ansible_connection: 'ssh', ansible_host: '127.0.0.1', ansible_port: 1 } } } }),
  );
  return file;
}

/** The status file of a host on the controller (hosts/<host>/status.json). */
async function hostRecord(ctx: Ctx, host: FleetHost): Promise<{ check: { status: string; message: string } }> {
  return JSON.parse(await readFile(path.join(ctx.reports, 'hosts', host, 'status.json'), 'utf8')) as {
    check: { status: string; message: string };
  };
}

test('check.yml records a host it cannot reach as unreachable next to a reachable one, also when an earlier check found it ready, and migrate.yml leaves it out', async (ctx) => {
  // "failing" (found ready by the first check) is unreachable; "inhibited" is reachable.
  assert.is((await hostRecord(ctx, 'failing')).check.status, 'ready', 'the earlier check found it ready');
  const away = await unreachable(ctx, 'failing');
  const run = await playbook(ctx, 'check', ['-i', away, '-e', JSON.stringify({ dms_hosts: 'failing:inhibited' })]);
  assert.is(run.exitCode, 4, `ansible-playbook exits 4 for an unreachable host:\n${run.all}`);
  const s = await summary(ctx);
  const failing = s.hosts.find((h) => h.host === 'failing')!;
  assert.is(failing.check.status, 'unreachable', JSON.stringify(failing));
  assert.is(s.errors.failing, 'no result: the host was unreachable or its check did not run');
  assert.is(s.hosts.find((h) => h.host === 'inhibited')!.check.status, 'inhibited');
  assert.not.ok(s.ready.includes('failing'));
  const migrate = await playbook(ctx, 'migrate', ['-i', away, '-e', JSON.stringify({ dms_hosts: 'failing' })]);
  assert.is(migrate.exitCode, 0, migrate.all);
  assert.match(migrate.all, /failing is not migrated: the last fleet check found it unreachable/);
});

test('check.yml records the host as unreachable when every host of the play is unreachable (--limit), and migrate.yml leaves it out', async (ctx) => {
  // "later", found ready by the first check and not migrated since, is the only host of the play: Ansible ends the
  // playbook as soon as it drops out.
  assert.is((await hostRecord(ctx, 'later')).check.status, 'ready', 'the earlier check found it ready');
  const away = await unreachable(ctx, 'later');
  const run = await playbook(ctx, 'check', ['-i', away, '--limit', 'later']);
  assert.is(run.exitCode, 4, `ansible-playbook exits 4 for an unreachable host:\n${run.all}`);
  assert.equal((await hostRecord(ctx, 'later')).check, {
    host: 'later',
    status: 'unreachable',
    message: 'no result: the host was unreachable or its check did not run',
  });
  const s = await summary(ctx);
  assert.is(s.hosts.find((h) => h.host === 'later')!.check.status, 'unreachable', 'the summary agrees with the record');
  assert.not.ok(s.ready.includes('later'), JSON.stringify(s.ready));
  const before = await standinLog(ctx, 'later');
  const migrate = await playbook(ctx, 'migrate', ['-i', away, '--limit', 'later']);
  assert.is(migrate.exitCode, 0, migrate.all);
  assert.match(migrate.all, /later is not migrated: the last fleet check found it unreachable/);
  assert.is(await standinLog(ctx, 'later'), before, 'nothing ran for the host');
});

test('check.yml records a reachable host whose task failed before its check (the host package is missing) as an error with that task and its message', async (ctx) => {
  const missing = path.join(ctx.dir, 'absent', 'dms-migrate.rpm');
  const vars = path.join(ctx.dir, 'missing-package.yml');
  await writeFile(vars, JSON.stringify({ all: { hosts: { inhibited: { dms_package: missing } } } }));
  const run = await playbook(ctx, 'check', ['-i', vars, '-e', JSON.stringify({ dms_hosts: 'inhibited' })]);
  assert.is(run.exitCode, 2, `a failed host makes ansible-playbook exit 2:\n${run.all}`);
  const message = (await hostRecord(ctx, 'inhibited')).check.message;
  assert.is((await hostRecord(ctx, 'inhibited')).check.status, 'error', message);
  assert.match(message, new RegExp(`^Copy the host package to the host failed: .*${missing}`));
  const s = await summary(ctx);
  assert.is(s.errors.inhibited, message, 'the summary agrees with the record');
  assert.match(run.all, /inhibited: Copy the host package to the host failed/, 'the play fails the host with it');
});

test.run();
