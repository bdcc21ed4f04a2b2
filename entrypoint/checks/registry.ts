// Every pre-flight check, in the order they run and are reported.
import { cpuArchLevel } from './cpu-arch-level.js';
import { encryptedRoot } from './encrypted-root.js';
import { freeSpace } from './free-space.js';
import { haCluster } from './ha-cluster.js';
import { insideContainer } from './inside-container.js';
import { lsmApparmor } from './lsm-apparmor.js';
import { multiversionKernels } from './multiversion-kernels.js';
import { registrationMigrationPath } from './registration-migration-path.js';
import { registrationPresent } from './registration-present.js';
import { reposRemote } from './repos-remote.js';
import { rpmDatabase } from './rpm-database.js';
import { singleBaseProduct } from './single-base-product.js';
import { solverPlan } from './solver-plan.js';
import { sourceRelease } from './source-release.js';
import { sshdRootLogin } from './sshd-root-login.js';
import { supportedPath } from './supported-path.js';
import { thirdParty } from './third-party.js';
import type { Check } from './types.js';
import { wickedToNetworkManager } from './wicked-to-networkmanager.js';
import { xfsV4 } from './xfs-v4.js';
import { zypperLocks } from './zypper-locks.js';

export const CHECKS: readonly Check[] = [
  insideContainer,
  sourceRelease,
  rpmDatabase,
  singleBaseProduct,
  supportedPath,
  registrationPresent,
  registrationMigrationPath,
  reposRemote,
  thirdParty,
  zypperLocks,
  solverPlan,
  freeSpace,
  cpuArchLevel,
  encryptedRoot,
  xfsV4,
  multiversionKernels,
  lsmApparmor,
  haCluster,
  wickedToNetworkManager,
  sshdRootLogin,
];

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);
