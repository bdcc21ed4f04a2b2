// btrfs-snapshot-pre (SPEC 5.5, run for every target): a snapper snapshot of the host root before the first change, for `dms rollback`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorHint, errorMessage, StepError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { createSnapshot, fsType, PRE_DESCRIPTION, readSnapshotMarker, snapperConfigured } from '../system/snapper.js';
import type { Step } from './types.js';

/** Written by the SLE 16 activation package: the latest root "pre" snapshot, the base of ours. */
export const ACTIVATION_MARKER = '/var/cache/suse_migration_snapper_btrfs_pre_snapshot_number';
/** In the container: tells btrfs-snapshot-post that a pre snapshot exists (SPEC 5.11). */
export const CONTAINER_MARKER = '/run/suse_migration_snapper_btrfs_pre_snapshot_number';

export const NO_ROLLBACK = `there is no rollback for this migration; copies of the files it edits are kept under ${HOST_FILES.backupDir}`;

async function writeMarker(file: string, number: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${number}\n`, 'utf8');
}

export const btrfsSnapshotPre: Step = {
  id: 'btrfs-snapshot-pre',
  title: 'Snapshot the host root before the migration',
  fatal: false,
  // Its failure is logged and the run goes on (SPEC 5.0).
  optional: true,
  beforeChanges: true,
  async skipReason(ctx) {
    const type = await fsType(ctx.exec, ctx.paths.systemRoot);
    return type === 'btrfs' ? undefined : `the host root is ${type}, not btrfs: ${NO_ROLLBACK}`;
  },
  async run(ctx) {
    const host = { exec: ctx.exec, mounts: ctx.mounts, root: ctx.paths.systemRoot };
    if (!(await snapperConfigured(host))) {
      ctx.log.warn({ event: 'snapshot.none' }, `the host root is btrfs but snapper has no configuration for /: ${NO_ROLLBACK}`);
      return;
    }
    const from = (await readSnapshotMarker(ctx.host(ACTIVATION_MARKER))) ?? 0;
    let number: number;
    try {
      number = await createSnapshot(host, PRE_DESCRIPTION, from);
    } catch (err) {
      throw new StepError(`BTRFS pre-migration snapshot creation failed with ${errorMessage(err)}; ${NO_ROLLBACK}`, errorHint(err), {
        cause: err,
      });
    }
    ctx.state.preSnapshot = number;
    await writeMarker(CONTAINER_MARKER, number);
    await writeMarker(ctx.host(HOST_FILES.preSnapshot), number);
    ctx.log.info(
      { event: 'snapshot.pre', number },
      `snapshot ${number} holds the host as it was before the migration; if the migration fails, \`rollback\` (migrate --rollback) makes it the default again`,
    );
  },
};
