// zypper-locks: locked packages cannot be upgraded or removed, which usually blocks a distribution upgrade.
import { readOptional } from '../system/fs.js';
import { hostCommand } from './host-command.js';
import { fail, pass, type Check } from './types.js';

export interface Lock {
  name: string;
  type: string;
}

/** Entries of /etc/zypp/locks (blank-line separated `key: value` blocks). */
export function parseLocks(text: string): Lock[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const name = /^solvable_name:\s*(.+)$/m.exec(block)?.[1]?.trim();
      const type = /^type:\s*(.+)$/m.exec(block)?.[1]?.trim() ?? 'package';
      return name ? { name, type } : undefined;
    })
    .filter((l): l is Lock => Boolean(l));
}

/** The command that removes one lock (zypper removelock takes the lock's name, and its type unless a package). */
export const removeLockCommand = (l: Lock): string =>
  l.type === 'package' ? hostCommand('zypper', 'removelock', l.name) : hostCommand('zypper', 'removelock', '-t', l.type, l.name);

export const zypperLocks: Check = {
  id: 'zypper-locks',
  title: 'No package locks that would hold the upgrade back',
  severity: 'warning',
  remediation: 'remove the locks that must not hold the upgrade back (zypper locks lists them)',
  async run(ctx) {
    const locks = parseLocks((await readOptional(ctx.host('/etc/zypp/locks'))) ?? '');
    if (locks.length === 0) return pass('no locks in /etc/zypp/locks');
    const blocking = (ctx.plan?.problems ?? []).some((p) => /lock/i.test(p));
    return fail(
      [
        `${locks.length} lock(s) in /etc/zypp/locks: ${locks.map((l) => `${l.name} (${l.type})`).join(', ')}`,
        ...(blocking ? ['the solver names a lock in its problems (see solver-plan)'] : []),
      ],
      { commands: locks.map(removeLockCommand) },
    );
  },
};
