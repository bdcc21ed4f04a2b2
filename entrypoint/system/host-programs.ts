// Commands run for the host on its root: chrooted programs, zypper/rpm with --root, programs on the container's PATH.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Exec } from './exec.js';
import { hostRpm } from './rpm-db.js';

/** `chroot <root> <argv…>`: runs the host's own program (grub2-mkconfig, dracut, crm) on the host root. */
export function chrootArgv(systemRoot: string, argv: readonly string[]): string[] {
  return ['chroot', systemRoot, ...argv];
}

/**
 * `zypper install` into the host root with the original's flags (SPEC 5.7). The container's zypper
 * with --root is the same SLE 16 zypper the host now has; a chrooted one would need /proc and /dev.
 */
export function installArgv(systemRoot: string, packages: readonly string[], options: { force?: boolean } = {}): string[] {
  return [
    'zypper',
    '--no-cd',
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--root',
    systemRoot,
    'install',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--replacefiles',
    '--allow-downgrade',
    '--no-recommends',
    ...(options.force ? ['--force'] : []),
    ...packages,
  ];
}

/** Environment of package operations on the offline host root: no systemd calls from scriptlets. */
export const OFFLINE_ENV = { SYSTEMD_OFFLINE: '1' };

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
