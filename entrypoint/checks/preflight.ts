// Pre-flight: the solver's plan with every check that does not need it alongside, then the ones that do, then the waivers; optional fixes. Changes nothing unless fixing.
import os from 'node:os';
import type { MigrationConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { onHost } from '../paths.js';
import { computePlan } from '../plan/dry-run.js';
import { emptyPlan, type Plan } from '../plan/types.js';
import { errorMessage } from '../errors.js';
import type { RunFacts } from '../facts/run-facts.js';
import type { Exec } from '../system/exec.js';
import type { HostFiles } from '../system/host-files.js';
import { readOnlyExec } from '../system/read-only.js';
import { CHECKS } from './registry.js';
import { evaluateChecks, logFindings } from './run-checks.js';
import type { Check, CheckContext, CheckResult, FixContext } from './types.js';
import { applyWaivers, blockingResults } from './waivers.js';

export interface PreflightInput {
  root: string;
  config: MigrationConfig;
  facts: RunFacts;
  /** The session's runner: the plan mounts its overlay view with it; the checks get a read-only view of it. */
  exec: Exec;
  log: Logger;
  now: Date;
  checks?: readonly Check[];
  /** Overrides for tests: where the kernel's /proc and /sys are, the running kernel. */
  procDir?: string;
  sysDir?: string;
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

/** The context of the checks: the host root, the facts, and a runner that only runs read-only command lines. */
export function checkContext(input: Omit<PreflightInput, 'now' | 'checks'>): CheckContext {
  return {
    root: input.root,
    host: (p) => onHost(input.root, p),
    config: input.config,
    facts: input.facts,
    exec: readOnlyExec(input.exec),
    log: input.log,
    procDir: input.procDir ?? '/proc',
    sysDir: input.sysDir ?? '/sys',
    runningKernel: input.runningKernel ?? os.release(),
  };
}

/** The solver's plan; a failure to ask becomes an error of the plan. */
async function planFor(input: PreflightInput): Promise<Plan> {
  const { mode, target } = input.facts;
  input.log.info(
    { event: 'plan.start', mode },
    `computing the change plan (${mode} mode, solver dry run in a throw-away overlay of the host root)`,
  );
  let plan: Plan;
  try {
    if (mode === 'plugin' && !target.product) throw new Error(target.productProblem ?? 'no target product');
    plan = await computePlan({
      exec: input.exec,
      root: input.root,
      mode,
      ...(target.product ? { product: target.product } : {}),
      installed: input.facts.source.installedProducts,
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
  const context = checkContext(input);
  // The checks that do not read the plan run while the solver works (they only read the host);
  // the findings are logged afterwards, in the registry's order.
  const checks = input.checks ?? CHECKS;
  const [plan, early] = await Promise.all([
    planFor(input),
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

/** The fix context of a check context: the full runner and the door to the host's files. */
export function fixContext(ctx: CheckContext, exec: Exec, files: HostFiles): FixContext {
  return { ...ctx, exec, files };
}

/** Runs the fixes of the checks that failed (not the waived ones); returns what was done. */
export async function applyFixes(results: readonly CheckResult[], ctx: FixContext, checks: readonly Check[] = CHECKS): Promise<string[]> {
  const done: string[] = [];
  for (const result of results.filter((r) => r.status === 'failed')) {
    const check = checks.find((c) => c.id === result.id);
    if (check?.fix) done.push(...(await check.fix(ctx)));
  }
  for (const line of done) ctx.log.info({ event: 'fix' }, `fixed: ${line}`);
  return done;
}
