// btrfs-snapshot-post (SPEC 5.11, SLE 16): a snapper snapshot of the migrated host root, when a pre snapshot was taken.
import { HOST_FILES } from '../paths.js';
import { createSnapshot, fsType, POST_DESCRIPTION, readSnapshotMarker } from '../system/snapper.js';
import type { Step } from './types.js';

export const btrfsSnapshotPost: Step = {
  id: 'btrfs-snapshot-post',
  title: 'Snapshot the host root after the migration',
  fatal: false,
  needs: ['upgrade'],
  async skipReason(ctx) {
    // The run's own record (kept in the journal across runs), else the host marker of an earlier container.
    const pre =
      ctx.output('btrfs-snapshot-pre')?.preSnapshot ?? (await readSnapshotMarker(ctx.host(HOST_FILES.preSnapshot)).catch(() => undefined));
    if (pre === undefined) return 'no pre-migration snapshot was taken';
    const type = await fsType(ctx.exec, ctx.paths.systemRoot);
    return type === 'btrfs' ? undefined : `the host root is ${type}, not btrfs`;
  },
  async run(ctx) {
    const number = await createSnapshot({ exec: ctx.exec, mounts: ctx.mounts, root: ctx.paths.systemRoot }, POST_DESCRIPTION);
    ctx.log.info({ event: 'snapshot.post', number }, `snapshot ${number} holds the migrated host`);
  },
};
