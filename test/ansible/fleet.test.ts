// The Ansible role (scripts/ansible) against a fleet of synthetic hosts on this machine: check.yml, then migrate.yml.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos, makeSystemRoot, removeSystemRoot, rpm, serveDirectory, type Served } from '../bed/index.js';
import { buildHostPackage, buildStandinProvider } from '../helpers/host-package.js';
import { readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { SHIM } from '../helpers/shim.js';
import { FLEET, IMAGE, INHIBITOR, PLAYBOOKS, REPO, WAIVER, fleetInventory, makeInhibited, type FleetHost } from './fleet.js';

interface Summary {
  stage: string;
  counts: Record<string, number>;
  ready: string[];
  inhibited: Record<string, string[]>;
  waived: Record<string, Record<string, { reason: string; expires?: string }>>;
  errors: Record<string, string>;
  hosts: Array<{ host: string; check: Record<string, unknown>; migration?: Record<string, unknown> }>;
  migration?: { succeeded: string[]; failed: Record<string, string>; notAttempted: string[]; rollout: { stopped: boolean } };
}

interface Ctx {
  dir: string;
  reports: string;
  inventory: string;
  roots: Record<FleetHost, string>;
  goodRepo?: Served;
  /** Serves the repository of the host that fails mid-migration: closed between check and migrate. */
  doomedRepo?: Served;
  /** Tree hashes of hosts that must stay untouched, taken after the check. */
  hashes: Partial<Record<FleetHost, string>>;
}

const test = suite<Ctx>('ansible role dms on a fleet of synthetic hosts', {
  dir: '',
  reports: '',
  inventory: '',
  roots: {} as Record<FleetHost, string>,
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
  ctx.dir = await mkdtemp(path.join(os.tmpdir(), 'dms-fleet-'));
  ctx.reports = path.join(ctx.dir, 'reports');
  for (const host of FLEET) {
    const repoUrl = host === 'failing' ? ctx.doomedRepo.url : ctx.goodRepo.url;
    ctx.roots[host] = await makeSystemRoot({ targetRepoUrl: repoUrl, dir: path.join(ctx.dir, 'roots', host) });
  }
  await makeInhibited(ctx.roots.inhibited);
  await makeInhibited(ctx.roots.waived);
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

function playbook(ctx: Ctx, name: string, extra: string[] = []) {
  return execa('ansible-playbook', ['-i', ctx.inventory, path.join(PLAYBOOKS, name), ...extra], {
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
    },
  });
}

/** Calls of the shim's host programs (stand-ins, podman pass-through) for one host, one per line. */
async function standinLog(ctx: Ctx, host: FleetHost): Promise<string> {
  return readFile(path.join(ctx.dir, 'standins', `${host}.log`), 'utf8');
}

async function summary(ctx: Ctx): Promise<Summary> {
  return JSON.parse(await readFile(path.join(ctx.reports, 'fleet-summary.json'), 'utf8')) as Summary;
}

test('check.yml installs the host package (stand-in provider of podman), checks every host with migrate --check, fetches each report and writes the fleet summary (JSON, HTML)', async (ctx) => {
  const untouched = ['var/log'];
  const before = await treeHash(ctx.roots.inhibited, untouched);
  const run = await playbook(ctx, 'check.yml');
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
  assert.equal(Object.keys(s.inhibited), ['inhibited']);
  assert.ok(s.inhibited.inhibited!.includes(INHIBITOR), JSON.stringify(s.inhibited));
  assert.equal(Object.keys(s.waived), ['waived'], 'only the host with dms_waivers has a waived check');
  assert.equal(s.waived.waived![INHIBITOR], { reason: WAIVER.reason, expires: WAIVER.expires });
  assert.equal(s.counts, { hosts: 5, ready: 4, inhibited: 1, errors: 0, waived: 1 });

  for (const host of FLEET) {
    const report = JSON.parse(await readFile(path.join(ctx.reports, 'hosts', host, 'check.report.json'), 'utf8')) as {
      kind: string;
      result: string;
    };
    assert.is(report.kind, 'check', host);
    assert.is(report.result, host === 'inhibited' ? 'inhibited' : 'ready', host);
  }
  const html = await readFile(path.join(ctx.reports, 'fleet-summary.html'), 'utf8');
  assert.match(html, new RegExp(`<tr id="host-inhibited">[\\s\\S]*?class="inhibited">inhibited[\\s\\S]*?<code>${INHIBITOR}</code>`));
  assert.ok(
    html.includes(`<code>${INHIBITOR}</code>: ${WAIVER.reason} (until ${WAIVER.expires})`),
    'the waiver with its reason and expiry',
  );
  assert.not.match(html, /<script|<link|src="http/, 'the page is self-contained');

  // The canary got the host package through dms_package (zypper) and its check ran the installed shim.
  const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.is((await rpmPackages(ctx.roots.canary)).get('dms-migrate'), `${version}-0`);
  assert.is(await readText(ctx.roots.canary, '/usr/sbin/migrate'), await readFile(SHIM, 'utf8'));

  // The waiver reached the host as the role's drop-in, never through the host's own configuration file.
  assert.match(await readText(ctx.roots.waived, '/etc/sle-migration-service.d/50-ansible-waivers.yml'), new RegExp(`id: ${INHIBITOR}`));
  assert.is(await treeHash(ctx.roots.inhibited, untouched), before, 'the check changed nothing outside /var/log');

  for (const host of ['inhibited', 'later', 'waived'] as const) ctx.hashes[host] = await treeHash(ctx.roots[host]);
});

test('migrate.yml migrates the canary (stand-in dracut), stops the rollout at the failing batch, never touches inhibited or later hosts', async (ctx) => {
  // The repository mirror of the host "failing" goes down between the check and the migration.
  await ctx.doomedRepo!.close();
  ctx.doomedRepo = undefined;
  const run = await playbook(ctx, 'migrate.yml', ['-e', JSON.stringify({ dms_serial: [1, 1], dms_max_fail_percentage: 0 })]);
  assert.is(run.exitCode, 2, `a failed host makes ansible-playbook exit 2:\n${run.all}`);

  const s = await summary(ctx);
  assert.is(s.stage, 'migrate');
  assert.equal(s.migration?.succeeded, ['canary'], run.all);
  assert.equal(Object.keys(s.migration?.failed ?? {}), ['failing']);
  assert.match(s.migration!.failed.failing!, /^migrate exited with 1: failed at step upgrade: Migration failed with: /);
  assert.equal(s.migration?.notAttempted, ['later', 'waived'], 'the rollout stopped before the later batches');
  assert.is(s.migration?.rollout.stopped, true);
  assert.equal(s.inhibited, { inhibited: [INHIBITOR] }, 'the check part of the summary is kept');

  const canary = s.hosts.find((h) => h.host === 'canary')!.migration!;
  assert.equal([canary.status, canary.versionBefore, canary.versionAfter, canary.rebooted], ['succeeded', '12.5', '15.7', false]);
  assert.match(await readText(ctx.roots.canary, '/etc/os-release'), /VERSION_ID="15\.7"/);
  assert.is((await readText(ctx.roots.canary, '/var/log/distro_migration.exitcode')).trim(), '0');
  const runReport = JSON.parse(await readFile(path.join(ctx.reports, 'hosts/canary/run.report.json'), 'utf8')) as {
    kind: string;
    result: string;
  };
  assert.equal([runReport.kind, runReport.result], ['run', 'succeeded']);

  assert.match(await readText(ctx.roots.failing, '/etc/os-release'), /VERSION_ID="12\.5"/);
  assert.is((await readText(ctx.roots.failing, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.match(
    await readFile(path.join(ctx.reports, 'hosts/failing/distro_migration.log'), 'utf8'),
    /zypper dup exit code 106/,
    "the failed host's log is on the controller",
  );

  for (const host of ['inhibited', 'later', 'waived'] as const) {
    assert.is(await treeHash(ctx.roots[host]), ctx.hashes[host], `${host} is byte-for-byte unchanged`);
    assert.not.match(await standinLog(ctx, host), /^podman run .* run /m, `no migration container was started for ${host}`);
  }
  assert.match(await standinLog(ctx, 'canary'), /^podman run .* run --use-zypper-dup$/m);
  assert.match(await standinLog(ctx, 'canary'), /^dracut --force --sysroot /m, "the shim rebuilt the canary's initrd (stand-in dracut)");
  const html = await readFile(path.join(ctx.reports, 'fleet-summary.html'), 'utf8');
  assert.match(html, /the rollout stopped/);
  assert.match(html, /<tr id="host-later">[\s\S]*?class="not-attempted">not attempted/);
});

test('a second migrate.yml does not migrate a host that the fleet migrated already', async (ctx) => {
  const runs = async () => (await standinLog(ctx, 'canary')).split('\n').filter((l) => /^podman run .* run /.test(l)).length;
  const before = await runs();
  const run = await playbook(ctx, 'migrate.yml', ['-e', JSON.stringify({ dms_hosts: 'canary' })]);
  assert.is(run.exitCode, 0, run.all);
  assert.match(run.all, /canary is not migrated again: it was migrated to 15\.7 at /);
  assert.is(await runs(), before, 'no second migration container');
});

test('migrate.yml fails a host whose release after the migration is not the expected one (dms_target_version)', async (ctx) => {
  const run = await playbook(ctx, 'migrate.yml', ['-e', JSON.stringify({ dms_hosts: 'later', dms_target_version: '15.6' })]);
  assert.is(run.exitCode, 2, run.all);
  assert.match(await readText(ctx.roots.later, '/etc/os-release'), /VERSION_ID="15\.7"/, 'the migration itself ran');
  const s = await summary(ctx);
  assert.is(s.migration?.failed.later, 'the host runs VERSION_ID 15.7 after the migration, expected 15.6');
  assert.equal(s.migration?.succeeded, ['canary'], 'earlier results stay in the summary');
  assert.equal(s.migration?.notAttempted, ['waived']);
});

test.run();
