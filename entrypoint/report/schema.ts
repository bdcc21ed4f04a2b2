// The report's schema (version 1) as zod: validates reports in tests and generates docs/report.schema.json.
import { z } from 'zod';
import { journalSchema } from '../journal/journal.js';
import type { CheckResult } from '../checks/types.js';
import type { Report } from './model.js';

const packageSchema = z.object({
  name: z.string(),
  kind: z.string().describe('package, product, pattern or patch'),
  arch: z.string(),
  edition: z.string().describe('version-release after the upgrade (removals: the installed one)'),
  editionOld: z.string().optional().describe('version-release before (upgrades, downgrades)'),
  vendor: z.string().optional(),
  vendorOld: z.string().optional(),
});

export const checkResultSchema = z.object({
  id: z.string().describe('stable check id, also used in waivers'),
  title: z.string(),
  severity: z.enum(['inhibitor', 'warning', 'info']),
  status: z
    .enum(['passed', 'not-applicable', 'failed', 'waived', 'error'])
    .describe('not-applicable: nothing to judge for this host or target; error: the check could not run; neither blocks'),
  evidence: z.array(z.string()),
  remediation: z.string().optional().describe('what to do'),
  commands: z
    .array(z.string())
    .optional()
    .describe('commands to run on the host, each runnable as written, with the names the check found'),
  docs: z.string().optional().describe("the check's documentation: a file of the project's docs/ and its section"),
  waiverSnippet: z
    .string()
    .optional()
    .describe(
      'failed checks: a ready waivers: entry for the configuration file (its reason left empty: the configuration refuses it until filled in)',
    ),
  waiver: z
    .object({ reason: z.string(), expires: z.string().optional() })
    .optional()
    .describe('the configured waiver; with status failed it has expired'),
});

const comparisonSchema = z.object({
  matches: z.boolean(),
  actual: z.object({ changed: z.array(z.string()), installed: z.array(z.string()), removed: z.array(z.string()) }),
  plannedNotDone: z.array(z.string()),
  doneNotPlanned: z.array(z.string()),
});

export const planSchema = z.object({
  mode: z.enum(['dup', 'plugin']),
  method: z.enum(['dup-dry-run', 'migration-query']),
  command: z.string(),
  computed: z.boolean(),
  upgrade: z.array(packageSchema),
  install: z.array(packageSchema),
  remove: z.array(packageSchema),
  downgrade: z.array(packageSchema),
  vendorChange: z.array(packageSchema),
  downloadBytes: z.number().optional(),
  spaceUsageDiffBytes: z.number().optional(),
  problems: z.array(z.string()).describe("solver problems in the solver's words"),
  errors: z.array(z.string()),
  migrationTargets: z.array(z.string()).optional(),
  notes: z.array(z.string()),
  comparison: comparisonSchema.optional().describe('run reports: what changed compared with the plan'),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(2).describe('2: checks may be not-applicable (1 reported them as passed)'),
  kind: z.enum(['check', 'run']),
  generatedAt: z.string().describe('ISO 8601, UTC'),
  tool: z.object({ name: z.literal('dms'), version: z.string() }),
  host: z.object({ hostname: z.string(), os: z.string().describe('PRETTY_NAME of the host'), versionId: z.string() }),
  target: z.object({ versionId: z.string(), name: z.string().describe('the target release for people') }),
  result: z.enum(['ready', 'inhibited', 'succeeded', 'failed']),
  facts: z
    .object({
      mode: z.enum(['dup', 'plugin']),
      arch: z.string().describe("the host's architecture: its base product's arch, else the machine's"),
      baseProduct: z.string().optional().describe('NAME/VERSION/ARCH of the single base product'),
      targetProduct: z.string().optional().describe('NAME/VERSION/ARCH the upgrade asks for'),
      targetProductSource: z.enum(['configured', 'detected']).optional(),
    })
    .describe('what the session resolved once: the same for check and run of one host and options'),
  checks: z.array(checkResultSchema),
  plan: planSchema.optional(),
  steps: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(['succeeded', 'failed', 'skipped', 'interrupted', 'done-earlier', 'not-run']),
        durationMs: z.number(),
        error: z.string().optional(),
      }),
    )
    .optional(),
  journal: journalSchema.optional().describe('run reports: the step journal of /var/lib/dms/journal.json (every run of this migration)'),
});

// Compile-time guard: the TypeScript model and this schema describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** @public a compile-time guard: it does not build unless the TypeScript model and the zod schema agree */
export const SCHEMA_MATCHES_MODEL: Same<z.infer<typeof reportSchema>, Report> & Same<z.infer<typeof checkResultSchema>, CheckResult> = true;

/** JSON Schema (draft 2020-12) of the report, as checked in at docs/report.schema.json. */
export function reportJsonSchema(): object {
  return {
    title: 'dms report, schema version 1',
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }),
  };
}
