// pre-checks-fix (pre_checks_fix, on by default): the repairs of the pre-flight checks (multiversion kernels),
// as a step after the pre-migration snapshot, so that a rollback also undoes them and the door keeps what they edit.
import { applyFixes, checkContext, fixContext } from '../checks/preflight.js';
import { CHECKS } from '../checks/registry.js';
import { evaluateCheck } from '../checks/run-checks.js';
import { applyWaivers } from '../checks/waivers.js';
import type { Step } from './types.js';

const FIXABLE = CHECKS.filter((c) => c.fix !== undefined);

export const preChecksFix: Step = {
  id: 'pre-checks-fix',
  title: 'Repair what the pre-flight checks found (pre_checks_fix)',
  fatal: true,
  skipReason(ctx) {
    return ctx.config.pre_checks_fix ? undefined : 'pre_checks_fix is off';
  },
  async run(ctx) {
    // The checks look again: the host is as the pre-flight saw it, and a waived finding is not repaired.
    const checks = checkContext({ root: ctx.paths.systemRoot, config: ctx.config, facts: ctx.facts, exec: ctx.exec, log: ctx.log });
    const raw = await Promise.all(FIXABLE.map((check) => evaluateCheck(check, checks)));
    const { results } = applyWaivers(raw, ctx.config.waivers, new Date());
    const done = await applyFixes(results, fixContext(checks, ctx.exec, ctx.files), FIXABLE);
    if (done.length === 0) ctx.log.info({ event: 'fix' }, 'nothing to repair');
  },
};
