// Pre-flight: the solver's plan with every check that does not need it alongside, then the ones that do, then the waivers; optional fixes. Changes nothing unless fixing.
import os from 'node:os';
import type { MigrationConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { onHost } from '../paths.js';
import { computePlan } from '../plan/dry-run.js';
import { emptyPlan, type Plan } from '../plan/types.js';
import { errorMessage } from '../errors.js';
import type { Exec } from '../system/exec.js';
import { CHECKS } from './registry.js';
import { targetTriplet } from './registration-migration-path.js';
import { evaluateChecks, logFindings } from './run-checks.js';
import type { Check, CheckContext, CheckResult } from './types.js';
import { applyWaivers, blockingResults } from './waivers.js';

export interface PreflightInput {
  root: string;
  config: MigrationConfig;
  targetVersionId: string;
  exec: Exec;
  log: Logger;
  now: Date;
  checks?: readonly Check[];
  /** Overrides for tests: where the kernel's /proc and /sys are, the CPU architecture. */
  procDir?: string;
  sysDir?: string;
  machine?: string;
  runningKernel?: string;
}

export interface PreflightResult {
  checks: CheckResult[];
  plan: Plan;
  /** Failed inhibitors that are not waived. */
  blocking: CheckResult[];
  /** Waivers naming no check. */
  unknownWaivers: string[];
  context: CheckContext;
}

/** The solver's plan; a failure to ask becomes an error of the plan. */
async function planFor(input: PreflightInput, mode: 'dup' | 'plugin', machine: string): Promise<Plan> {
  input.log.info(
    { event: 'plan.start', mode },
    `computing the change plan (${mode} mode, solver dry run in a throw-away overlay of the host root)`,
  );
  let plan: Plan;
  try {
    const { target } = await targetTriplet((p) => onHost(input.root, p), input.config.migration_product, input.targetVersionId, machine);
    plan = await computePlan({
      exec: input.exec,
      root: input.root,
      mode,
      product: `${target.identifier}/${target.version}/${target.arch}`,
      timeoutMs: input.config.plan_timeout * 1000,
    });
  } catch (err) {
    plan = {
      ...emptyPlan(mode === 'dup' ? 'dup-dry-run' : 'migration-query', 'zypper (not started)'),
      errors: [`the plan could not be computed: ${errorMessage(err)}`],
    };
  }
  input.log.info(
    {
      event: 'plan',
      computed: plan.computed,
      upgrade: plan.upgrade.length,
      install: plan.install.length,
      remove: plan.remove.length,
      downgrade: plan.downgrade.length,
      vendorChange: plan.vendorChange.length,
      problems: plan.problems.length,
      downloadBytes: plan.downloadBytes,
    },
    `plan: ${plan.computed ? `${plan.upgrade.length} upgrade, ${plan.install.length} install, ${plan.remove.length} remove, ${plan.downgrade.length} downgrade` : 'not computed'}${plan.problems.length > 0 ? `, ${plan.problems.length} solver problem(s)` : ''}`,
  );
  return plan;
}

export async function runPreflight(input: PreflightInput): Promise<PreflightResult> {
  const mode = input.config.use_zypper_migration ? 'plugin' : 'dup';
  const machine = input.machine ?? os.machine();
  const context: CheckContext = {
    root: input.root,
    host: (p) => onHost(input.root, p),
    config: input.config,
    mode,
    target: { versionId: input.targetVersionId, major: Number.parseInt(input.targetVersionId, 10) || 15 },
    exec: input.exec,
    log: input.log,
    procDir: input.procDir ?? '/proc',
    sysDir: input.sysDir ?? '/sys',
    machine,
    runningKernel: input.runningKernel ?? os.release(),
  };
  // The checks that do not read the plan run while the solver works (they only read the host);
  // the findings are logged afterwards, in the registry's order.
  const checks = input.checks ?? CHECKS;
  const [plan, early] = await Promise.all([
    planFor(input, mode, machine),
    evaluateChecks(
      checks.filter((c) => !c.needsPlan),
      context,
    ),
  ]);
  context.plan = plan;
  const late = await evaluateChecks(
    checks.filter((c) => c.needsPlan),
    context,
  );
  const byId = new Map([...early, ...late].map((r) => [r.id, r]));
  const raw = checks.map((c) => byId.get(c.id)!);
  logFindings(context, raw);
  const { results, unknown } = applyWaivers(raw, input.config.waivers, input.now);
  for (const id of unknown) input.log.warn({ event: 'waiver.unknown', id }, `waiver for unknown check id "${id}" ignored`);
  return { checks: results, plan, blocking: blockingResults(results), unknownWaivers: unknown, context };
}

/** Runs the fixes of the checks that failed (multiversion kernels); returns what was done. */
export async function applyFixes(pre: PreflightResult, checks: readonly Check[] = CHECKS): Promise<string[]> {
  const done: string[] = [];
  for (const result of pre.checks.filter((r) => r.status === 'failed')) {
    const check = checks.find((c) => c.id === result.id);
    if (check?.fix) done.push(...(await check.fix(pre.context)));
  }
  for (const line of done) pre.context.log.info({ event: 'fix' }, `fixed: ${line}`);
  return done;
}
