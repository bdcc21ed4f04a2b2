// solver-plan: the solver's dry run of the upgrade must end without problems; its problems block the upgrade.
import { fail, pass, type Check } from './types.js';

export const solverPlan: Check = {
  id: 'solver-plan',
  title: 'The solver finds an upgrade without conflicts',
  severity: 'inhibitor',
  remediation:
    'resolve each problem on the host as the solver suggests (e.g. zypper removelock NAME, zypper remove NAME, or add the repository that provides the package), then run the check again',
  needsPlan: true,
  async run(ctx) {
    const plan = ctx.plan;
    if (!plan) throw new Error('no plan was computed');
    if (plan.problems.length > 0) return fail(plan.problems);
    if (!plan.computed) {
      if (plan.method === 'migration-query' && plan.errors.length === 0)
        return pass(...plan.notes, ...(plan.migrationTargets ?? []).map((t) => `offered: ${t}`));
      throw new Error(`the solver could not be asked: ${plan.errors.join('; ') || 'unknown reason'}`);
    }
    const count = (n: number, what: string) => `${n} to ${what}`;
    return pass(
      `${[
        count(plan.upgrade.length, 'upgrade'),
        count(plan.install.length, 'install'),
        count(plan.remove.length, 'remove'),
        count(plan.downgrade.length, 'downgrade'),
        count(plan.vendorChange.length, 'change vendor'),
      ].join(', ')}`,
      ...plan.errors.map((e) => `zypper: ${e}`),
    );
  },
};
