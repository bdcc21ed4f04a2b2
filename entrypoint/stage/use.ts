// The migration's side of staging: says before the upgrade that staged packages are used, and after it what came from where.
import type { Logger } from '../log/logger.js';
import { HOST_FILES } from '../paths.js';
import type { Exec } from '../system/exec.js';
import { dupArgv, refreshArgv } from '../system/zypper.js';
import { changedRepos, mib, readStaged, removeStagedRecord, repoFingerprints, type StagedRecord } from './record.js';

/** What the upgrade's use of staged packages works with. */
export interface StagedHost {
  log: Logger;
  exec: Exec;
  /** The host root, e.g. /system-root. */
  root: string;
}

/** Logs that the upgrade will install from staged packages; returns the record (undefined when nothing is staged). */
export async function announceStaged(ctx: StagedHost): Promise<StagedRecord | undefined> {
  const record = await readStaged(ctx.root);
  if (!record) return undefined;
  const count = record.packages.length + record.alreadyCached;
  ctx.log.info(
    { event: 'stage.use', packages: count, stagedAt: record.stagedAt },
    `${count} package(s) (${mib(record.bytes)}) were staged at ${record.stagedAt} in ${HOST_FILES.packageCache}: ` +
      'zypper installs them from there and downloads only what is missing',
  );
  return record;
}

/**
 * With packages staged, the run refreshes the repositories first, so that a repository changed since staging
 * is seen (zypper's own autorefresh waits repo.refresh.delay). When that fails (server unreachable), the upgrade
 * runs with --no-refresh on the metadata of the staging. Returns the dup argv to run.
 */
export async function stagedArgv(ctx: StagedHost, env: Record<string, string>): Promise<string[]> {
  const refresh = await ctx.exec.run(refreshArgv(ctx.root), { env, allowFailure: true });
  if (refresh.ok) return dupArgv(ctx.root);
  ctx.log.warn(
    { event: 'stage.offline', exitCode: refresh.exitCode },
    'the repositories could not be refreshed: installing from the staged packages with the repository metadata of the staging (zypper --no-refresh)',
  );
  return dupArgv(ctx.root, { noRefresh: true });
}

/** The packages of the upgrade zypper took from the package cache and those it downloaded (`name-version-release.arch`). */
export interface CacheUse {
  fromCache: readonly string[];
  downloaded: readonly string[];
  /** false when zypper's output could not be read to the end: the lists are what was read. */
  complete: boolean;
}

/** After a successful upgrade: logs how many packages came from the staged cache and which were fetched; drops the record. */
export async function reportStagedUse(ctx: StagedHost, record: StagedRecord, { fromCache, downloaded, complete }: CacheUse): Promise<void> {
  const changed = changedRepos(record.repos, await repoFingerprints(ctx.root));
  const fields = { event: 'stage.used' as const, fromCache: fromCache.length, downloaded: downloaded.length, changedRepos: changed };
  if (!complete) {
    ctx.log.info(
      { ...fields, partial: true },
      `how many packages came from the staged cache is not known: zypper's output could not be read to the end (read up to then: ${downloaded.length} downloaded)`,
    );
  } else if (downloaded.length === 0) {
    ctx.log.info(fields, `installed ${fromCache.length} package(s) from the staged cache: nothing was downloaded during the migration`);
  } else {
    const why = changed.length > 0 ? `the repositories changed since staging (${changed.join(', ')})` : 'they were not staged';
    const shown = downloaded.slice(0, 20).join(', ') + (downloaded.length > 20 ? `, ... (${downloaded.length - 20} more)` : '');
    ctx.log.info(
      { ...fields, downloadedPackages: [...downloaded] },
      `${why}: downloaded only the ${downloaded.length} missing package(s) (${shown}); ${fromCache.length} came from the staged cache`,
    );
  }
  await removeStagedRecord(ctx.root);
}
