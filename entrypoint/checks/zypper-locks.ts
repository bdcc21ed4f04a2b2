// zypper-locks: locked packages cannot be upgraded or removed, which usually blocks a distribution upgrade.
import { readOptional } from '../system/fs.js';
import { fail, pass, type Check } from './types.js';

/** Entries of /etc/zypp/locks (blank-line separated `key: value` blocks) as "name (type)". */
export function parseLocks(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const name = /^solvable_name:\s*(.+)$/m.exec(block)?.[1]?.trim();
      const type = /^type:\s*(.+)$/m.exec(block)?.[1]?.trim() ?? 'package';
      return name ? `${name} (${type})` : undefined;
    })
    .filter((l): l is string => Boolean(l));
}

export const zypperLocks: Check = {
  id: 'zypper-locks',
  title: 'No package locks that would hold the upgrade back',
  severity: 'warning',
  remediation: 'list the locks with zypper locks and remove those that must not block the upgrade: zypper removelock NAME',
  async run(ctx) {
    const locks = parseLocks((await readOptional(ctx.host('/etc/zypp/locks'))) ?? '');
    if (locks.length === 0) return pass('no locks in /etc/zypp/locks');
    const blocking = (ctx.plan?.problems ?? []).some((p) => /lock/i.test(p));
    return fail([
      `${locks.length} lock(s) in /etc/zypp/locks: ${locks.join(', ')}`,
      ...(blocking ? ['the solver names a lock in its problems (see solver-plan)'] : []),
    ]);
  },
};
