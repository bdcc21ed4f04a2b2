// What a step is and what it gets: the shared context of one migration run.
import type { MigrationConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { ContainerPaths } from '../paths.js';
import type { Exec } from '../system/exec.js';
import type { Mounts } from '../system/mounts.js';
import type { OsRelease } from '../system/os-release.js';
import type { ProductFile } from '../system/products.js';

/** Facts and results that steps hand on to later steps. */
export interface RunState {
  baseProduct?: ProductFile;
  upgradeSucceeded?: boolean;
  /** A signal stopped the steps (finish then releases at once, also in debug mode). */
  interrupted?: boolean;
  /** Environment every command of the upgrade gets (proxy settings, zypp switches). */
  upgradeEnv: Record<string, string>;
  /** Number of the snapper snapshot taken before the first change, when the host root is btrfs with snapper. */
  preSnapshot?: number;
}

export interface StepContext {
  config: MigrationConfig;
  log: Logger;
  exec: Exec;
  mounts: Mounts;
  paths: ContainerPaths;
  /** The image's os-release: the system this image migrates to. */
  target: OsRelease;
  state: RunState;
  /** Host path under the system root, e.g. host('/etc/zypp') = '/system-root/etc/zypp'. */
  host(p: string): string;
}

export interface Step {
  id: string;
  title: string;
  /**
   * A failure skips every later step but finish, and fails the run. A non-fatal step's failure is
   * logged, later steps still run, and the run ends as failed all the same (SPEC 5.0).
   */
  fatal: boolean;
  /** Ids of earlier steps that must have succeeded for this one to run (else it is logged as not run). */
  needs?: string[];
  /** A failure is only logged and does not fail the run (btrfs-snapshot-pre, SPEC 5.0); only for non-fatal steps. */
  optional?: boolean;
  /** Runs again on a continued run even if it succeeded before: its effect lives in the container (mounts, state). */
  alwaysRuns?: boolean;
  /** Changes no host file (a snapshot): runs before the /etc/issue pointer is set, so a snapshot does not hold it. */
  beforeChanges?: boolean;
  /** Why the step does not apply to this run (it is then skipped and logged), or undefined to run it. */
  skipReason?(ctx: StepContext): string | undefined | Promise<string | undefined>;
  run(ctx: StepContext): Promise<void>;
}
