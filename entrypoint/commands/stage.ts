// `dms stage`: downloads the packages of the upgrade ahead of the migration window (dup mode); `--drop` deletes them.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { HOST_FILES, type ContainerPaths } from '../paths.js';
import { runStep, stepContext } from '../run/migration.js';
import { mib, packageCache, readStaged, removeStagedRecord } from '../stage/record.js';
import { finalStep } from '../steps/index.js';
import { prepare } from '../steps/prepare.js';
import { stageDownload } from '../steps/stage-download.js';
import { VERSION } from '../version.js';
import type { RunOptions } from './options.js';
import { logConfig, type Session, withSession } from './session.js';

export const PLUGIN_MODE_REFUSAL =
  'staging works in dup mode only (--use-zypper-dup or use_zypper_migration: false): ' +
  "zypper migration --download-only first switches the host's registration and repositories to the target " +
  'products, which changes the host (see docs/staging.md)';

/** `dms stage`: prepare, download only, release mounts. The host's installed system is not touched. */
export async function stageCommand(paths: ContainerPaths, options: RunOptions): Promise<number> {
  // Bad input is refused before anything on the host (lock, logs) is touched.
  const refuse = (_: unknown, facts: Session['facts']) => {
    if (facts.mode !== 'dup') throw new UsageError(PLUGIN_MODE_REFUSAL);
  };
  return withSession(paths, { options, lock: true, logs: 'host', refuse }, async (session) => {
    logConfig(session, false);
    session.log.info(
      { event: 'stage.start', version: VERSION },
      `Distribution migration ${VERSION}: staging the packages of the upgrade (dup mode)`,
    );
    const outputs = new Map<string, unknown>();
    const ctx = stepContext(session, session.files(), outputs);
    let ok = true;
    for (const step of [prepare, stageDownload]) {
      if ((await runStep(ctx, step, outputs)).status === 'failed') {
        ok = false;
        break;
      }
    }
    if ((await runStep(ctx, finalStep, outputs)).status === 'failed') ok = false;
    session.log[ok ? 'info' : 'error'](
      { event: 'stage.end', ok },
      ok
        ? 'Staging succeeded: the migration will install from the staged packages.'
        : 'Staging failed; the installed system was not changed.',
    );
    return ok ? 0 : 1;
  });
}

/** `dms stage --drop`: deletes the packages the last staging downloaded, and its record. */
export async function dropStagedCommand(paths: ContainerPaths): Promise<number> {
  return withSession(paths, { options: {}, lock: true, logs: 'host' }, async (session) => {
    logConfig(session, false);
    const root = paths.systemRoot;
    const record = await readStaged(root);
    if (!record) {
      session.log.info({ event: 'stage.drop', removed: 0 }, `nothing is staged (no ${HOST_FILES.staged})`);
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
    session.log.info(
      { event: 'stage.drop', removed },
      `dropped ${removed} staged package(s) (${mib(record.bytes)}) from ${HOST_FILES.packageCache} and ${HOST_FILES.staged}`,
    );
    return 0;
  });
}
