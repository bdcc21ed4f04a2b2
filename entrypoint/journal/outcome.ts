// What a run's steps ended as: shared by the runner, the summary and the report.
import type { PackageSet } from '../system/rpm-db.js';

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'done-earlier' | 'not-run';

export interface StepOutcome {
  id: string;
  status: StepStatus;
  durationMs: number;
  error?: string;
  hint?: string;
}

export interface MigrationOutcome {
  ok: boolean;
  failedStep?: string;
  interrupted?: boolean;
  steps: StepOutcome[];
  /** What to do now, for people (the last log line and the shim say it); failed and interrupted runs. */
  advice?: string;
  /** The host's PRETTY_NAME after a successful run. */
  system?: string;
  /** The host's packages at the end, when rpm could read them. */
  packagesAfter?: PackageSet;
}
