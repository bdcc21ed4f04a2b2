// The ordered step lists: order lives here, not in file names (SPEC 5.0).
import { apparmorSelinux } from './apparmor-selinux.js';
import { finish } from './finish.js';
import { grubSetup } from './grub-setup.js';
import { haCluster } from './ha-cluster.js';
import { pam } from './pam.js';
import { prepare } from './prepare.js';
import { productSetup } from './product-setup.js';
import { regenerateInitrd } from './regenerate-initrd.js';
import { setupHostNetwork } from './setup-host-network.js';
import type { Step } from './types.js';
import { upgrade } from './upgrade.js';
import { wickedNm } from './wicked-nm.js';

/** The major release of the target (`16.0` -> 16) that picks the step set; SLE 15 when the image does not say. */
export function targetMajor(versionId: string | undefined): number {
  return Number.parseInt(versionId ?? '', 10) || 15;
}

/** Steps before finish, in order, for a target of this major version (15: SLE 15, 16 and later: SLE 16). */
export function stepsFor(targetMajor: number): Step[] {
  if (targetMajor < 16) return [prepare, productSetup, upgrade];
  return [
    // btrfs-snapshot-pre (SPEC 5.5) goes first, before anything touches the host (fatal: false,
    // optional: true: its failure is only logged, as in the original).
    prepare,
    setupHostNetwork,
    productSetup,
    upgrade,
    // Post-upgrade steps: each needs the upgrade to have succeeded (Step.needs).
    apparmorSelinux,
    wickedNm,
    pam,
    haCluster,
    // btrfs-snapshot-post (SPEC 5.11) goes here, after ha-cluster and before grub-setup (needs: ['upgrade']).
    grubSetup,
    regenerateInitrd,
  ];
}

export const finalStep: Step = finish;
