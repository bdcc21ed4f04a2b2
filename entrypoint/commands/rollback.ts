// `rollback`: makes the pre-migration snapper snapshot the host's default subvolume again; the user reboots into it.
import { rename } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { HOST_FILES, onHost, type ContainerPaths } from '../paths.js';
import { Exec } from '../system/exec.js';
import { fsType, readSnapshotMarker, rollbackTo, snapperConfigured } from '../system/snapper.js';
import { readJournal } from '../journal/journal.js';
import { openHostHandles } from './session.js';

/** The pre-migration snapshot: the option, else the journal's, else the host marker's. */
async function preSnapshot(paths: ContainerPaths, given: number | undefined): Promise<number> {
  if (given !== undefined) return given;
  const journal = await readJournal(onHost(paths.systemRoot, HOST_FILES.journal)).catch(() => undefined);
  if (journal && journal !== 'corrupt' && journal.preSnapshot !== undefined) return journal.preSnapshot;
  const marker = await readSnapshotMarker(onHost(paths.systemRoot, HOST_FILES.preSnapshot));
  if (marker !== undefined) return marker;
  throw new UsageError(
    `no pre-migration snapshot is recorded (${HOST_FILES.journal}, ${HOST_FILES.preSnapshot}): nothing to roll back to; give one with --snapshot N`,
  );
}

export async function rollbackCommand(paths: ContainerPaths, given: number | undefined): Promise<number> {
  // Refusals first, with a silent runner: a host that cannot roll back is not touched (no lock file, no log).
  // No configuration is read: a broken one must not stand between the host and its way back.
  const quiet = new Exec(createLogger({ consoleFd: null }).log);
  const type = await fsType(quiet, paths.systemRoot);
  if (type !== 'btrfs')
    throw new UsageError(
      `the host root is ${type}, not btrfs: there are no snapshots to roll back to; the files the migration edited are kept under ${HOST_FILES.backupDir} (the run's log lists the commands that put them back)`,
    );
  const handles = await openHostHandles(paths, { lock: true, logs: 'host' });
  const log = handles.log.child({ step: 'rollback' });
  try {
    const exec = handles.exec.withLogger(log);
    const host = { exec, mounts: handles.mounts.withExec(exec, log), root: paths.systemRoot };
    if (!(await snapperConfigured(host)))
      throw new UsageError('snapper has no configuration for the host root: there are no snapshots to roll back to');
    const number = await preSnapshot(paths, given);
    const output = await rollbackTo(host, number);
    if (output) log.info({ event: 'rollback.snapper' }, output);
    // The journal (under /var, outside the root snapshot on SUSE's layout) belongs to the abandoned run.
    await rename(onHost(paths.systemRoot, HOST_FILES.journal), onHost(paths.systemRoot, `${HOST_FILES.journal}.rolled-back`)).catch(
      () => undefined,
    );
    log.info(
      { event: 'rollback.done', snapshot: number },
      `Rolled back: a read-write copy of snapshot ${number} (the host before the migration) is now the default subvolume. Reboot the host to start it.`,
    );
    return 0;
  } finally {
    await handles.close();
  }
}
