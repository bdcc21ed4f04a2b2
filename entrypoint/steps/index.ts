// The ordered step lists: order lives here, not in file names (SPEC 5.0).
import { apparmorSelinux } from './apparmor-selinux.js';
import { btrfsSnapshotPost } from './btrfs-snapshot-post.js';
import { btrfsSnapshotPre } from './btrfs-snapshot-pre.js';
import { finish } from './finish.js';
import { grubSetup } from './grub-setup.js';
import { haCluster } from './ha-cluster.js';
import { pam } from './pam.js';
import { preChecksFix } from './pre-checks-fix.js';
import { prepare } from './prepare.js';
import { productSetup } from './product-setup.js';
import { regenerateInitrd } from './regenerate-initrd.js';
import { setupHostNetwork } from './setup-host-network.js';
import type { Step } from './types.js';
import { upgrade } from './upgrade.js';
import { wickedNm } from './wicked-nm.js';

/** Steps before finish, in order, for a target of this major version (15: SLE 15, 16 and later: SLE 16). */
export function stepsFor(targetMajor: number): Step[] {
  // The pre-migration snapshot is taken for every target (it makes `rollback` possible); its
  // failure is only logged (optional), as in the original. Every change comes after it, the
  // pre-flight's repairs (pre-checks-fix) included.
  if (targetMajor < 16) return [btrfsSnapshotPre, preChecksFix, prepare, productSetup, upgrade];
  return [
    btrfsSnapshotPre,
    preChecksFix,
    prepare,
    setupHostNetwork,
    productSetup,
    upgrade,
    // Post-upgrade steps: each needs the upgrade to have succeeded (Step.needs).
    apparmorSelinux,
    wickedNm,
    pam,
    haCluster,
    btrfsSnapshotPost,
    grubSetup,
    regenerateInitrd,
  ];
}

export const finalStep: Step = finish;
