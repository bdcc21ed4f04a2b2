// Image tests of the pre-flight: `dms check` and `run` against real bed roots in podman, the report files and an unchanged host.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECKS } from '../../entrypoint/checks/registry.js';
import { installExtraPackages, LEGACY_AGENT } from '../bed/extra-package.js';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory } from '../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { exists, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';
import { reportSchema } from '../../entrypoint/report/schema.js';

interface ReportJson {
  schemaVersion: number;
  kind: string;
  result: string;
  host: { os: string; versionId: string };
  target: { versionId: string };
  checks: Array<{ id: string; severity: string; status: string; evidence: string[] }>;
  plan: {
    computed: boolean;
    upgrade: unknown[];
    install: unknown[];
    remove: unknown[];
    problems: string[];
    downloadBytes?: number;
    comparison?: { matches: boolean; plannedNotDone: string[]; doneNotPlanned: string[] };
  };
  steps?: Array<{ id: string; status: string }>;
  journal?: { result: string; runs: number; steps: Record<string, { state: string; attempts: number }> };
}

const REPORT_FILES = [
  'var/log/distro_migration.report.json',
  'var/log/distro_migration.report.html',
  'var/log/distro_migration.report.txt',
];
const test = suite<{ repoUrl: string; close: () => Promise<void>; roots: string[] }>('pre-flight image', {
  repoUrl: '',
  close: async () => {},
  roots: [],
});

test.before(async (ctx) => {
  const server = await serveDirectory((await ensureRepos()).sles15);
  ctx.repoUrl = server.url;
  ctx.close = server.close;
});

test.after(async (ctx) => {
  await ctx.close();
  for (const root of ctx.roots) await removeSystemRoot(root);
});

async function freshRoot(ctx: { roots: string[]; repoUrl: string }): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.repoUrl });
  ctx.roots.push(root);
  return root;
}

/** A root whose upgrade has a solver problem: a SLES-12-only agent, locked by the administrator. */
async function conflictRoot(ctx: { roots: string[]; repoUrl: string }): Promise<string> {
  const root = await freshRoot(ctx);
  await installExtraPackages(root, [LEGACY_AGENT]);
  await writeFile(path.join(root, 'etc/zypp/locks'), 'type: package\nmatch_type: glob\nsolvable_name: legacy-agent\n\n');
  return root;
}

const dms = (root: string, args: string[]) => runImage({ root, logDir: path.join(root, 'var/log'), args });
/** The JSON report, checked against the published schema first. */
async function report(root: string): Promise<ReportJson> {
  const data: unknown = JSON.parse(await readText(root, '/var/log/distro_migration.report.json'));
  const parsed = reportSchema.safeParse(data);
  assert.ok(parsed.success, `the report follows docs/report.schema.json: ${parsed.error?.message}`);
  return data as ReportJson;
}

/** Tree hash of the root without the given files (the report, and for `run` the logs it appends to). */
async function hashWithout(root: string, files: string[]): Promise<string> {
  for (const f of files) await rm(path.join(root, f), { force: true });
  return treeHash(root);
}

test('dms check on a bed root is ready (exit 0), writes JSON and HTML reports with the plan, and leaves the root byte-for-byte unchanged', async (ctx) => {
  const root = await freshRoot(ctx);
  const before = await treeHash(root);
  const { exitCode, output } = await dms(root, ['check', '--use-zypper-dup']);
  assert.is(exitCode, 0, output);
  assert.match(output, /^READY: no inhibitor found/m);
  assert.match(output, /Plan \(dup-dry-run\): 15 to upgrade, 3 to install, 3 to remove, 0 to downgrade/);
  const r = await report(root);
  assert.is(r.schemaVersion, 2);
  assert.is(r.kind, 'check');
  assert.is(r.result, 'ready');
  assert.equal(r.host, { ...r.host, os: 'SUSE Linux Enterprise Server 12 SP5', versionId: '12.5' });
  assert.is(r.target.versionId, '15.7');
  assert.is(r.checks.length, CHECKS.length);
  assert.is(r.checks.find((c) => c.id === 'solver-plan')?.status, 'passed');
  assert.is(r.checks.find((c) => c.id === 'free-space')?.status, 'passed');
  assert.is(r.checks.find((c) => c.id === 'third-party')?.status, 'failed', "the loopback repository is not SUSE's");
  assert.ok(r.plan.computed && r.plan.upgrade.length === 15 && (r.plan.downloadBytes ?? 0) > 0);
  assert.match(await readText(root, '/var/log/distro_migration.report.html'), /<span class="result ready" id="result">READY<\/span>/);
  assert.is(await hashWithout(root, REPORT_FILES), before, 'only the report was written');
  assert.equal(await mountsUnder(root), []);
});

test("a solver conflict makes dms check inhibited (exit 1), with the solver's text in the report and the root unchanged", async (ctx) => {
  const root = await conflictRoot(ctx);
  const before = await treeHash(root);
  const { exitCode, output } = await dms(root, ['check', '--use-zypper-dup']);
  assert.is(exitCode, 1, output);
  assert.match(output, /^INHIBITED/m);
  assert.match(output, /\[STOP\] solver-plan/);
  const r = await report(root);
  assert.is(r.result, 'inhibited');
  const solver = r.checks.find((c) => c.id === 'solver-plan')!;
  assert.equal([solver.severity, solver.status], ['inhibitor', 'failed']);
  assert.match(solver.evidence[0]!, /^Problem: legacy-agent-3\.1-1\.noarch requires sles-release < 15/);
  assert.match(r.plan.problems[0]!, /Solution 2: remove lock to allow removal of legacy-agent/);
  assert.is(r.checks.find((c) => c.id === 'zypper-locks')?.status, 'failed');
  assert.is(await hashWithout(root, REPORT_FILES), before);
});

test('run stops on the inhibitor before changing anything: no package, /etc/issue or exit-code file touched', async (ctx) => {
  const root = await conflictRoot(ctx);
  assert.is(await exists(root, '/var/lib/dms'), false, 'the bed root has no /var/lib/dms of its own');
  const before = await treeHash(root);
  const packages = await rpmPackages(root);
  const { exitCode, output } = await dms(root, ['run', '--use-zypper-dup']);
  assert.is(exitCode, 1, output);
  assert.match(output, /not started: 1 inhibitor\(s\), nothing was changed, see \/var\/log\/distro_migration\.report\.txt/);
  const r = await report(root);
  assert.equal([r.kind, r.result], ['run', 'inhibited']);
  assert.is(r.steps, undefined, 'no step ran');
  assert.equal(await rpmPackages(root), packages);
  assert.is(await exists(root, '/var/log/distro_migration.exitcode'), false, 'a refused run writes no exit-code file');
  assert.match(await readText(root, '/var/log/distro_migration.log'), /solver-plan: failed \(inhibitor\)/);
  // What a refused run may leave: the report, its log and the (released) lock file with its directory.
  await rm(path.join(root, 'var/lib/dms'), { recursive: true, force: true });
  assert.is(
    await readText(root, '/var/log/distro_migration.result'),
    'outcome=inhibited\tinhibitors=1\treport=/var/log/distro_migration.report.txt\tlog=/var/log/distro_migration.log\n',
    "the shim's result line",
  );
  assert.is(
    await hashWithout(root, [
      ...REPORT_FILES,
      'var/log/distro_migration.log',
      'var/log/distro_migration.jsonl',
      'var/log/distro_migration.result',
    ]),
    before,
  );
  assert.equal(await mountsUnder(root), []);
});

test('a successful run writes a run report whose plan matches the packages that changed', async (ctx) => {
  const root = await freshRoot(ctx);
  const { exitCode, output } = await dms(root, ['run', '--use-zypper-dup']);
  assert.is(exitCode, 0, output);
  const r = await report(root);
  assert.equal([r.kind, r.result], ['run', 'succeeded']);
  assert.is(r.host.versionId, '12.5', 'the host as it was when the run started');
  assert.equal(
    r.steps?.map((s) => `${s.id}:${s.status}`),
    [
      'btrfs-snapshot-pre:skipped',
      'pre-checks-fix:succeeded',
      'prepare:succeeded',
      'product-setup:succeeded',
      'upgrade:succeeded',
      'finish:succeeded',
    ],
  );
  // The journal of the run, as on the host in /var/lib/dms/journal.json.
  assert.equal(
    [r.journal?.result, r.journal?.runs, r.journal?.steps.upgrade?.state, r.journal?.steps.upgrade?.attempts],
    ['succeeded', 1, 'succeeded', 1],
  );
  assert.equal(r.journal, JSON.parse(await readText(root, '/var/lib/dms/journal.json')));
  assert.equal(r.plan.comparison, { ...r.plan.comparison!, matches: true, plannedNotDone: [], doneNotPlanned: [] });
  assert.match(await readText(root, '/var/log/distro_migration.log'), /report written to .*; the packages changed exactly as planned/);
});

test.run();
