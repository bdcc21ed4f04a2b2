// What a step is and what it gets: the shared context of one migration run, and what steps hand on.
import type { MigrationConfig } from '../config/schema.js';
import type { RunFacts } from '../facts/run-facts.js';
import type { Logger } from '../log/logger.js';
import type { ContainerPaths } from '../paths.js';
import type { Exec } from '../system/exec.js';
import type { HostFiles } from '../system/host-files.js';
import type { Mounts } from '../system/mounts.js';

/**
 * What a step provides to later steps, by step id: the one place a step's results are declared.
 * A later step reads them with `ctx.output(id)`; the runner keeps them for the run (and the journal
 * keeps `btrfs-snapshot-pre`'s, so a continued run still knows its snapshot).
 */
export interface StepOutputs {
  /** The environment every later package command gets: the host's proxy (never written to the journal). */
  prepare: { commandEnv: Record<string, string> };
  /** The snapper snapshot of the host before the first change (btrfs hosts with snapper). */
  'btrfs-snapshot-pre': { preSnapshot: number };
}

export type StepWithOutput = keyof StepOutputs;

export interface StepContext {
  config: MigrationConfig;
  /** Mode, source and target releases, products and architecture, resolved once for the session. */
  facts: RunFacts;
  log: Logger;
  exec: Exec;
  mounts: Mounts;
  /** The one door to the host's files: keeps each original before the first change and records the change. */
  files: HostFiles;
  paths: ContainerPaths;
  /** Host path under the system root, e.g. host('/etc/zypp') = '/system-root/etc/zypp' (no symlink resolution). */
  host(p: string): string;
  /** What an earlier step of this run provided (undefined when it did not run or provided nothing). */
  output<K extends StepWithOutput>(id: K): StepOutputs[K] | undefined;
  /** True for the final step when a signal stopped the steps: finish then releases at once, also in debug mode. */
  interrupted: boolean;
}

export interface Step<Id extends string = string> {
  id: Id;
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
  /** Runs again on a continued run even if it succeeded before: its effect lives in the container (mounts, environment). */
  alwaysRuns?: boolean;
  /** Changes no host file (a snapshot): runs before the /etc/issue pointer is set, so a snapshot does not hold it. */
  beforeChanges?: boolean;
  /** How a failure reads: `<prefix> <error>` (the original's wording) and what the user can do, unless the error says it itself. */
  failure?: { prefix: string; hint: string };
  /** Why the step does not apply to this run (it is then skipped and logged), or undefined to run it. */
  skipReason?(ctx: StepContext): string | undefined | Promise<string | undefined>;
  /** Does the step's work; a step with declared outputs (StepOutputs) returns them. */
  run(ctx: StepContext): Promise<Id extends StepWithOutput ? StepOutputs[Id] | undefined : void>;
}
