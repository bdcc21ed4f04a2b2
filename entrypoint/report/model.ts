// The report (schema version 1): one JSON model for `dms check` and `dms run`, rendered as JSON, text and HTML.
import os from 'node:os';
import type { CheckResult } from '../checks/types.js';
import type { PlanComparison } from '../plan/compare.js';
import type { Plan } from '../plan/types.js';
import type { MigrationMode, RunFacts } from '../facts/run-facts.js';
import type { Journal } from '../journal/journal.js';
import type { StepStatus } from '../journal/outcome.js';
import { HOST_FILES } from '../paths.js';
import { VERSION } from '../version.js';

export const REPORT_SCHEMA_VERSION = 2;

export type ReportResult = 'ready' | 'inhibited' | 'succeeded' | 'failed';

export interface ReportStep {
  id: string;
  status: StepStatus;
  durationMs: number;
  error?: string;
}

export interface ReportPlan extends Plan {
  mode: MigrationMode;
  /** Only in a `run` report after the upgrade: what happened next to what was predicted. */
  comparison?: PlanComparison;
}

/** The session's facts as the report shows them (the same for `check` and `run` of one host and options). */
export interface ReportFacts {
  mode: MigrationMode;
  arch: string;
  /** NAME/VERSION/ARCH of the host's base product, when it has exactly one. */
  baseProduct?: string;
  /** NAME/VERSION/ARCH the upgrade asks for (plugin mode), and where it came from. */
  targetProduct?: string;
  targetProductSource?: 'configured' | 'detected';
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: 'check' | 'run';
  generatedAt: string;
  tool: { name: 'dms'; version: string };
  host: { hostname: string; os: string; versionId: string };
  target: { versionId: string; name: string };
  result: ReportResult;
  facts: ReportFacts;
  checks: CheckResult[];
  plan?: ReportPlan;
  steps?: ReportStep[];
  /** Run reports: the step journal (every run of this migration, with attempts). */
  journal?: Journal;
}

export interface ReportInput {
  kind: Report['kind'];
  now: Date;
  /** The session's facts: the host's release when the session started, the target. */
  facts: RunFacts;
  hostname?: string;
  result: ReportResult;
  checks: CheckResult[];
  plan?: ReportPlan;
  steps?: ReportStep[];
  journal?: Journal;
}

function reportFacts(facts: RunFacts): ReportFacts {
  const base = facts.source.baseProduct;
  const { product, productSource } = facts.target;
  return {
    mode: facts.mode,
    arch: facts.arch,
    ...(base?.name && base.version && base.arch ? { baseProduct: `${base.name}/${base.version}/${base.arch}` } : {}),
    ...(product ? { targetProduct: product } : {}),
    ...(productSource ? { targetProductSource: productSource } : {}),
  };
}

/** Days a suggested waiver holds: long enough for a maintenance window, short enough to be looked at again. */
const WAIVER_DAYS = 30;

/**
 * A ready `waivers:` entry for the configuration file. Its reason is left empty on purpose: the configuration
 * refuses an empty reason, so a pasted snippet waives nothing until someone writes down why.
 */
/** Why the plan is missing, in one line (undefined when it was computed). */
export function planMissingReason(plan: Pick<ReportPlan, 'computed' | 'problems' | 'errors'>): string | undefined {
  if (plan.computed) return undefined;
  if (plan.problems.length > 0)
    return `the solver found ${plan.problems.length} problem(s) it cannot solve without a decision (see solver-plan)`;
  return plan.errors[0]?.split('\n')[0] ?? 'the solver was not asked';
}

export function waiverSnippet(id: string, now: Date): string {
  const expires = new Date(now.getTime() + WAIVER_DAYS * 86_400_000).toISOString().slice(0, 10);
  return [
    `# in ${HOST_FILES.hostConfig} on the host`,
    'waivers:',
    `  - id: ${id}`,
    `    reason: ""  # say why this host may migrate anyway`,
    `    expires: ${expires}`,
  ].join('\n');
}

export function buildReport(input: ReportInput): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: input.kind,
    generatedAt: input.now.toISOString(),
    tool: { name: 'dms', version: VERSION },
    host: {
      hostname: input.hostname ?? os.hostname(),
      os: input.facts.source.release?.PRETTY_NAME ?? 'unknown',
      versionId: input.facts.source.release?.VERSION_ID ?? 'unknown',
    },
    target: { versionId: input.facts.target.label, name: input.facts.target.name },
    result: input.result,
    facts: reportFacts(input.facts),
    // Only an inhibitor blocks: a waiver is the way past one (a waived warning changes nothing).
    checks: input.checks.map((c) =>
      c.status === 'failed' && c.severity === 'inhibitor' ? { ...c, waiverSnippet: waiverSnippet(c.id, input.now) } : c,
    ),
    ...(input.plan ? { plan: input.plan } : {}),
    ...(input.steps ? { steps: input.steps } : {}),
    ...(input.journal ? { journal: input.journal } : {}),
  };
}
