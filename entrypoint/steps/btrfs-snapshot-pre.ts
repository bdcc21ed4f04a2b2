// btrfs-snapshot-pre (SPEC 5.5, run for every target): a snapper snapshot of the host root before the first change, for `dms rollback`.
import { errorHint, errorMessage, StepError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { writeContainerFile } from '../system/container-files.js';
import {
  ACTIVATION_MARKER,
  CONTAINER_MARKER,
  createSnapshot,
  fsType,
  PRE_DESCRIPTION,
  readSnapshotMarker,
  snapperConfigured,
} from '../system/snapper.js';
import type { Step } from './types.js';

export const NO_ROLLBACK = `there is no rollback for this migration; copies of the files it edits are kept under ${HOST_FILES.backupDir}`;

export const btrfsSnapshotPre: Step<'btrfs-snapshot-pre'> = {
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
      return undefined;
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
    await writeContainerFile(CONTAINER_MARKER, `${number}\n`);
    await ctx.files.writeState(HOST_FILES.preSnapshot, `${number}\n`);
    ctx.log.info(
      { event: 'snapshot.pre', number },
      `snapshot ${number} holds the host as it was before the migration; if the migration fails, \`rollback\` (migrate --rollback) makes it the default again`,
    );
    return { preSnapshot: number };
  },
};
