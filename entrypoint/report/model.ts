// The report (schema version 1): one JSON model for `dms check` and `dms run`, rendered as JSON, text and HTML.
import os from 'node:os';
import type { CheckResult } from '../checks/types.js';
import type { PlanComparison } from '../plan/compare.js';
import type { Plan } from '../plan/types.js';
import type { OsRelease } from '../system/os-release.js';
import { VERSION } from '../version.js';

export const REPORT_SCHEMA_VERSION = 1;

export type ReportResult = 'ready' | 'inhibited' | 'succeeded' | 'failed';

export interface ReportStep {
  id: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'not-run';
  durationMs: number;
  error?: string;
}

export interface ReportPlan extends Plan {
  mode: 'dup' | 'plugin';
  /** Only in a `run` report after the upgrade: what happened next to what was predicted. */
  comparison?: PlanComparison;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: 'check' | 'run';
  generatedAt: string;
  tool: { name: 'dms'; version: string };
  host: { hostname: string; os: string; versionId: string };
  target: { versionId: string };
  result: ReportResult;
  checks: CheckResult[];
  plan?: ReportPlan;
  steps?: ReportStep[];
}

export interface ReportInput {
  kind: Report['kind'];
  now: Date;
  hostRelease: OsRelease | undefined;
  hostname?: string;
  targetVersionId: string;
  result: ReportResult;
  checks: CheckResult[];
  plan?: ReportPlan;
  steps?: ReportStep[];
}

export function buildReport(input: ReportInput): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: input.kind,
    generatedAt: input.now.toISOString(),
    tool: { name: 'dms', version: VERSION },
    host: {
      hostname: input.hostname ?? os.hostname(),
      os: input.hostRelease?.PRETTY_NAME ?? 'unknown',
      versionId: input.hostRelease?.VERSION_ID ?? 'unknown',
    },
    target: { versionId: input.targetVersionId },
    result: input.result,
    checks: input.checks,
    ...(input.plan ? { plan: input.plan } : {}),
    ...(input.steps ? { steps: input.steps } : {}),
  };
}
