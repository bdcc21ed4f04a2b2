// solver-plan: the solver's dry run of the upgrade must end without problems; its problems block the upgrade.
import { readOptional } from '../system/fs.js';
import { escapeRegExp } from '../system/glob.js';
import { parseLocks, removeLockCommand } from './zypper-locks.js';
import { fail, pass, type Check } from './types.js';

/** The locks of /etc/zypp/locks whose package a solver problem names: removing them is the first thing to try. */
async function locksInProblems(host: (p: string) => string, problems: readonly string[]): Promise<string[]> {
  const locks = parseLocks((await readOptional(host('/etc/zypp/locks'))) ?? '');
  const named = (name: string) => problems.some((p) => new RegExp(`(^|[\\s(])${escapeRegExp(name)}(-\\d|[\\s)]|$)`).test(p));
  return locks.filter((l) => named(l.name)).map(removeLockCommand);
}

export const solverPlan: Check = {
  id: 'solver-plan',
  title: 'The solver finds an upgrade without conflicts',
  severity: 'inhibitor',
  remediation:
    'resolve each problem on the host as the solver suggests (remove a lock, remove the package that has no version for the target, or add the repository that provides it), then run the check again',
  needsPlan: true,
  async run(ctx) {
    const plan = ctx.plan;
    if (!plan) throw new Error('no plan was computed');
    if (plan.problems.length > 0) {
      const commands = await locksInProblems(ctx.host, plan.problems);
      return fail(
        plan.problems,
        commands.length > 0
          ? { commands, remediation: 'remove the locks on the packages the problems name, then run the check again' }
          : {},
      );
    }
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
