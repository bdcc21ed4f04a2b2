// Image tests of staging: `stage` fills the host's package cache only; the run installs from it, offline or with a changed repository.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { machineArch } from '../bed/arch.js';
import { repoDefs } from '../bed/packages.js';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory, type Served } from '../bed/repo-server.js';
import { buildRepo, indexRepo } from '../bed/rpmbuild.js';
import { makeSystemRoot } from '../bed/system-root.js';
import { exists, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';

interface Ctx {
  work: string;
  roots: string[];
}
const test = suite<Ctx>('staging', { work: '', roots: [] });

/** What staging may write: zypp's cache, the logs and DMS's own state. Everything else must stay byte-identical. */
const STAGING_AREAS = ['var/cache/zypp', 'var/log', 'var/lib/dms'];

test.before(async (ctx) => {
  ctx.work = await mkdtemp(path.join(os.tmpdir(), 'dms-stage-test-'));
});

test.after(async (ctx) => {
  for (const root of ctx.roots) await rm(root, { recursive: true, force: true });
  await rm(ctx.work, { recursive: true, force: true });
});

/** A private copy of the SLES 15 SP7 repository (so a test can add packages to it), served on loopback. */
async function servedRepo(ctx: Ctx, name: string): Promise<{ dir: string; server: Served }> {
  const dir = path.join(ctx.work, name);
  await cp((await ensureRepos()).sles15, dir, { recursive: true });
  return { dir, server: await serveDirectory(dir) };
}

async function freshRoot(ctx: Ctx, url: string): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: url });
  ctx.roots.push(root);
  return root;
}

const dms = (root: string, args: string[]) => runImage({ root, logDir: path.join(root, 'var/log'), args });

async function cachedRpms(root: string): Promise<string[]> {
  const dir = path.join(root, 'var/cache/zypp/packages');
  const all = (await readdir(dir, { recursive: true }).catch(() => [] as string[])).map(String);
  return all.filter((f) => f.endsWith('.rpm'));
}

test('stage downloads into the package cache only; a run with the repository server stopped installs from it', async (ctx) => {
  const { server } = await servedRepo(ctx, 'offline');
  let stopped = false;
  try {
    const root = await freshRoot(ctx, server.url);
    const rpmsBefore = await rpmPackages(root);
    const treeBefore = await treeHash(root, STAGING_AREAS);

    const staged = await dms(root, ['stage', '--use-zypper-dup']);
    assert.is(staged.exitCode, 0, staged.output);
    assert.equal(await rpmPackages(root), rpmsBefore, 'rpm -qa is unchanged after staging');
    assert.is(await treeHash(root, STAGING_AREAS), treeBefore, 'nothing outside the cache, the logs and /var/lib/dms changed');
    assert.not.ok(await exists(root, '/var/log/distro_migration.exitcode'), 'staging is not a migration: no exit-code file');
    const record = JSON.parse(await readText(root, '/var/lib/dms/staged.json')) as { packages: { path: string }[] };
    const cached = await cachedRpms(root);
    assert.ok(
      cached.some((f) => /sles-release-15\.7-/.test(f)),
      `the target release package is staged: ${cached.join(' ')}`,
    );
    assert.equal(record.packages.map((p) => p.path).sort(), cached.sort(), 'the record lists what was downloaded');
    assert.match(await readText(root, '/var/log/distro_migration.log'), new RegExp(`staged ${cached.length} package\\(s\\)`));

    await server.close();
    stopped = true;
    const run = await dms(root, ['run', '--use-zypper-dup']);
    assert.is(run.exitCode, 0, run.output);
    assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
    const log = await readText(root, '/var/log/distro_migration.log');
    assert.match(log, /were staged at .* zypper installs them from there/);
    assert.match(log, new RegExp(`installed ${cached.length} package\\(s\\) from the staged cache: nothing was downloaded`));
    assert.not.match(log, /\[upgrade\] {3}\| Retrieving package /, 'zypper downloaded no package');
    assert.not.ok(await exists(root, '/var/lib/dms/staged.json'), 'the record is consumed by the successful run');
  } finally {
    if (!stopped) await server.close();
  }
});

test('a run after a package was added to the repository downloads only that package', async (ctx) => {
  const { dir, server } = await servedRepo(ctx, 'changed');
  try {
    const root = await freshRoot(ctx, server.url);
    const staged = await dms(root, ['stage', '--use-zypper-dup']);
    assert.is(staged.exitCode, 0, staged.output);
    const stagedCount = (await cachedRpms(root)).length;

    // A maintenance update appears in the repository after staging: timezone 2025b-150700.2.1.
    const defs = repoDefs(machineArch()).sles15;
    const tz = defs.packages.find((p) => p.name === 'timezone')!;
    const update = { ...tz, release: '150700.2.1' };
    const built = path.join(ctx.work, 'update');
    await buildRepo({ ...defs, id: 'update', packages: [update] }, built);
    await cp(path.join(built, 'noarch'), path.join(dir, 'noarch'), { recursive: true });
    await indexRepo(defs, dir);

    const run = await dms(root, ['run', '--use-zypper-dup']);
    assert.is(run.exitCode, 0, run.output);
    const log = await readText(root, '/var/log/distro_migration.log');
    const retrieved = log.split('\n').filter((l) => /\[upgrade\] {3}\| Retrieving package /.test(l));
    assert.is(retrieved.length, 1, `one package downloaded:\n${retrieved.join('\n')}`);
    assert.match(retrieved[0]!, /Retrieving package timezone-2025b-150700\.2\.1\.noarch /);
    assert.match(
      log,
      /the repositories changed since staging \(SLES15-SP7-Pool\): downloaded only the 1 missing package\(s\) \(timezone-2025b-150700\.2\.1\.noarch\)/,
    );
    assert.match(
      log,
      new RegExp(`; ${stagedCount - 1} came from the staged cache`),
      'the old timezone was staged but is not needed any more',
    );
    assert.is((await rpmPackages(root)).get('timezone'), '2025b-150700.2.1');
  } finally {
    await server.close();
  }
});

test('stage --drop removes the staged packages and the record', async (ctx) => {
  const { server } = await servedRepo(ctx, 'drop');
  try {
    const root = await freshRoot(ctx, server.url);
    const staged = await dms(root, ['stage', '--use-zypper-dup']);
    assert.is(staged.exitCode, 0, staged.output);
    assert.ok((await cachedRpms(root)).length > 0);
    const dropped = await dms(root, ['stage', '--drop']);
    assert.is(dropped.exitCode, 0, dropped.output);
    assert.equal(await cachedRpms(root), [], 'no staged package is left');
    assert.not.ok(await exists(root, '/var/lib/dms/staged.json'));
    assert.match(await readText(root, '/var/log/distro_migration.log'), /dropped \d+ staged package\(s\)/);
  } finally {
    await server.close();
  }
});

test('stage in migration-plugin mode is refused (exit 2) and changes nothing', async (ctx) => {
  const root = await freshRoot(ctx, 'http://127.0.0.1:1/unused/');
  const before = await treeHash(root);
  const { exitCode, output } = await dms(root, ['stage']);
  assert.is(exitCode, 2, output);
  assert.match(output, /staging works in dup mode only/);
  assert.is(await treeHash(root), before, 'the root is byte-for-byte unchanged');
});

test.run();
