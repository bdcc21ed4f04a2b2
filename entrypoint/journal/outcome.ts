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
  /** The host's packages at the end, when rpm could read them. */
  packagesAfter?: PackageSet;
}
