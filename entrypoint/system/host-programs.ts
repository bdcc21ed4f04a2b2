// Programs for the host: chrooted ones on its root, package queries, programs on the container's PATH.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Exec } from './exec.js';
import { hostRpm } from './rpm-db.js';

/** `chroot <root> <argv…>`: runs the host's own program (grub2-mkconfig, dracut, crm) on the host root. */
export function chrootArgv(systemRoot: string, argv: readonly string[]): string[] {
  return ['chroot', systemRoot, ...argv];
}

/** crmsh's health check of this cluster node for SLE 16 (the ha-cluster check runs it; the step adds --fix). */
export const CRM_SLES16_HEALTH = ['crm', 'cluster', 'health', 'sles16', '--local'];

/** Whether the host has the package: `rpm --root <root> -q`, whose exit code 1 means "not installed", not a failure. */
export async function isInstalled(exec: Exec, systemRoot: string, name: string): Promise<boolean> {
  const result = await exec.run(await hostRpm(systemRoot, '-q', '--quiet', name), {
    succeeded: (code) => code === 0 || code === 1,
    quiet: true,
  });
  return result.exitCode === 0;
}

/** The full path of a program on this process's PATH, or undefined when it is not installed. */
export async function findProgram(
  name: string,
  searchPath = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
): Promise<string | undefined> {
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
