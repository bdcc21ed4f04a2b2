// The ordered step list: order lives here, not in file names (SPEC 5.0).
import { btrfsSnapshotPost } from './btrfs-snapshot-post.js';
import { btrfsSnapshotPre } from './btrfs-snapshot-pre.js';
import { finish } from './finish.js';
import { prepare } from './prepare.js';
import { productSetup } from './product-setup.js';
import type { Step } from './types.js';
import { upgrade } from './upgrade.js';

/** Steps before finish, in order. SLE 16 adds its own steps in issue-sized pieces later. */
export function stepsFor(targetMajor: number): Step[] {
  // The pre-migration snapshot is taken for every target (it makes `rollback` possible); SPEC 5.0 order.
  if (targetMajor >= 16) return [btrfsSnapshotPre, prepare, productSetup, upgrade, btrfsSnapshotPost];
  return [btrfsSnapshotPre, prepare, productSetup, upgrade];
}

export const finalStep: Step = finish;
