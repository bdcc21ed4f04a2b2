// `stage`: downloads every package the upgrade needs into the host's zypp package cache, installs nothing.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StepError, UsageError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import type { RunOptions } from '../options.js';
import { HOST_FILES, onHost, type ContainerPaths } from '../paths.js';
import { runStep } from '../run/migration.js';
import { loadHostConfig, readTarget } from '../run/start.js';
import { finish } from '../steps/finish.js';
import { prepare } from '../steps/prepare.js';
import type { Step, StepContext } from '../steps/types.js';
import { Exec } from '../system/exec.js';
import { acquireLock } from '../system/lock.js';
import { Mounts } from '../system/mounts.js';
import { parseZypperProgress } from '../system/zypper-progress.js';
import { describeZypperExit, stageArgv, zypperHint, zypperSucceeded } from '../system/zypper.js';
import { VERSION } from '../version.js';
import {
  cachedRpms,
  mib,
  packageCache,
  readStaged,
  removeStagedRecord,
  repoFingerprints,
  writeStaged,
  type StagedRecord,
} from './record.js';

export const PLUGIN_MODE_REFUSAL =
  'staging works in dup mode only (--use-zypper-dup or use_zypper_migration: false): ' +
  "zypper migration --download-only first switches the host's registration and repositories to the target " +
  'products, which changes the host (see docs/staging.md)';

/** Bookkeeping zypper writes into the root even with --download-only; staging puts it back as it was. */
const ZYPP_BOOKKEEPING = ['/var/lib/zypp/AutoInstalled', '/run/zypp.pid'];

/** Runs `body`, then restores `files` under the root to their content before (or removes them if they were missing). */
async function keepingFiles<T>(ctx: StepContext, files: string[], body: () => Promise<T>): Promise<T> {
  const saved = await Promise.all(files.map((f) => readFile(ctx.host(f)).catch(() => undefined)));
  try {
    return await body();
  } finally {
    for (const [i, f] of files.entries()) {
      const content = saved[i];
      if (content === undefined) await rm(ctx.host(f), { force: true });
      else await writeFile(ctx.host(f), content);
    }
  }
}

/** The line of zypper's summary that says how much it fetches and how much it found in the cache. */
const SIZES = /^Overall download size: .*$/m;

export const stageStep: Step = {
  id: 'stage',
  title: "Download the target packages into the host's package cache",
  fatal: true,
  async run(ctx) {
    const root = ctx.paths.systemRoot;
    const before = await cachedRpms(root);
    const result = await keepingFiles(ctx, ZYPP_BOOKKEEPING, () =>
      ctx.exec.run(stageArgv(root), {
        stream: true,
        succeeded: zypperSucceeded,
        allowFailure: true,
        progress: parseZypperProgress,
      }),
    );
    if (!result.ok) {
      const why = result.notFound ? 'zypper is not installed in the migration image' : describeZypperExit(result.exitCode);
      throw new StepError(`staging failed: zypper dup --download-only ${why}; nothing was installed`, zypperHint(result.exitCode));
    }
    const after = await cachedRpms(root);
    const packages = [...after].filter(([p]) => !before.has(p)).map(([p, size]) => ({ path: p, size }));
    const record: StagedRecord = {
      version: 1,
      stagedAt: new Date().toISOString(),
      mode: 'dup',
      packages,
      alreadyCached: [...after.keys()].filter((p) => before.has(p)).length,
      bytes: packages.reduce((n, p) => n + p.size, 0),
      repos: await repoFingerprints(root),
    };
    await writeStaged(root, record);
    const sizes = SIZES.exec(result.stdout)?.[0];
    ctx.log.info(
      { event: 'stage.done', packages: packages.length, alreadyCached: record.alreadyCached, bytes: record.bytes, file: HOST_FILES.staged },
      `staged ${packages.length} package(s), ${mib(record.bytes)}, in ${HOST_FILES.packageCache} (verified by zypper: checksums` +
        ` from the repository metadata, signatures where the repository has gpgcheck on)${record.alreadyCached > 0 ? `; ${record.alreadyCached} were cached already` : ''};` +
        ` recorded in ${HOST_FILES.staged}${sizes ? ` (zypper: ${sizes})` : ''}. Nothing was installed.`,
    );
  },
};

/** Opens the logs and the lock like `run` does and hands the context to `body`. */
async function withHost(
  paths: ContainerPaths,
  options: RunOptions,
  requireDup: boolean,
  body: (ctx: StepContext) => Promise<number>,
): Promise<number> {
  const { config, applied } = await loadHostConfig(paths, options);
  // Bad input is refused before anything on the host (lock, logs) is touched.
  if (requireDup && config.use_zypper_migration) throw new UsageError(PLUGIN_MODE_REFUSAL);
  const target = await readTarget(paths);
  const lock = await acquireLock(new Exec(createLogger({ consoleFd: null }).log), onHost(paths.systemRoot, HOST_FILES.lock));
  const logs = createLogger({
    humanFile: onHost(paths.systemRoot, HOST_FILES.log),
    jsonFile: onHost(paths.systemRoot, HOST_FILES.jsonLog),
  });
  const exec = new Exec(logs.log);
  const mounts = new Mounts(paths.ledger, exec, logs.log);
  await mounts.load();
  try {
    logs.log.info({ event: 'config', sources: applied }, `configuration from ${applied.length > 0 ? applied.join(', ') : 'defaults only'}`);
    return await body({
      config,
      log: logs.log,
      exec,
      mounts,
      paths,
      target,
      state: { upgradeEnv: {} },
      host: (p) => onHost(paths.systemRoot, p),
    });
  } finally {
    logs.close();
    await lock.release();
  }
}

/** `dms stage`: prepare, download only, release mounts. The host's installed system is not touched. */
export async function startStage(paths: ContainerPaths, options: RunOptions): Promise<number> {
  return withHost(paths, options, true, async (ctx) => {
    ctx.log.info(
      { event: 'stage.start', version: VERSION },
      `Distribution migration ${VERSION}: staging the packages of the upgrade (dup mode)`,
    );
    let ok = true;
    for (const step of [prepare, stageStep]) {
      if ((await runStep(ctx, step)).status === 'failed') {
        ok = false;
        break;
      }
    }
    if ((await runStep(ctx, finish)).status === 'failed') ok = false;
    ctx.log[ok ? 'info' : 'error'](
      { event: 'stage.end', ok },
      ok
        ? 'Staging succeeded: the migration will install from the staged packages.'
        : 'Staging failed; the installed system was not changed.',
    );
    return ok ? 0 : 1;
  });
}

/** `dms stage --drop`: deletes the packages the last staging downloaded, and its record. */
export async function dropStaged(paths: ContainerPaths): Promise<number> {
  return withHost(paths, {}, false, async (ctx) => {
    const root = paths.systemRoot;
    const record = await readStaged(root);
    if (!record) {
      ctx.log.info({ event: 'stage.drop', removed: 0 }, `nothing is staged (no ${HOST_FILES.staged})`);
      return 0;
    }
    const base = packageCache(root);
    let removed = 0;
    for (const p of record.packages) {
      const file = path.resolve(base, p.path);
      if (!file.startsWith(`${base}${path.sep}`)) continue;
      await rm(file, { force: true });
      removed++;
    }
    await removeStagedRecord(root);
    ctx.log.info(
      { event: 'stage.drop', removed },
      `dropped ${removed} staged package(s) (${mib(record.bytes)}) from ${HOST_FILES.packageCache} and ${HOST_FILES.staged}`,
    );
    return 0;
  });
}
