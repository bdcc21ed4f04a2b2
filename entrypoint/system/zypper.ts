// zypper's exit codes and the argument lists of the upgrade commands (SPEC 5.6).

/** Meanings of zypper's exit codes, for messages. */
export const ZYPPER_EXIT_MEANINGS: Record<number, string> = {
  0: 'ok',
  1: 'unexpected error',
  2: 'syntax error (bad arguments)',
  3: 'invalid arguments',
  4: 'problem reported by libzypp (e.g. repository or solver problem)',
  5: 'insufficient privileges',
  6: 'no repositories defined',
  7: 'zypp library is locked by another process',
  8: 'commit error (package installation failed)',
  100: 'updates needed',
  101: 'security updates needed',
  102: 'reboot needed',
  103: 'restart of zypper needed',
  104: 'capability not found',
  105: 'interrupted by a signal',
  106: 'some repositories could not be refreshed and were skipped',
  107: 'an rpm scriptlet failed',
  108: 'the migration plugin reported a failure',
};

/** SPEC: 0 and >= 100 are success, except 104, 105 and 106; 1-99 are failure. */
export function zypperSucceeded(exitCode: number): boolean {
  if (exitCode === 0) return true;
  if (exitCode === 104 || exitCode === 105 || exitCode === 106) return false;
  return exitCode >= 100;
}

export function describeZypperExit(exitCode: number): string {
  return `exit code ${exitCode} (${ZYPPER_EXIT_MEANINGS[exitCode] ?? 'unknown'})`;
}

/** What the user can do about a failed upgrade, by zypper exit code. */
export function zypperHint(exitCode: number): string {
  switch (exitCode) {
    case 106:
    case 4:
      return 'check that the target repositories on the host (/etc/zypp/repos.d) are reachable: zypper repos --url, then zypper refresh';
    case 7:
      return 'another zypper or YaST is running on the host; wait for it to finish and run the migration again';
    case 8:
    case 107:
      return 'an RPM transaction failed; read the package errors above in the log, fix them and run the migration again (it continues where it stopped)';
    case 104:
      return 'a package or product was not found in the target repositories; check the repositories and the target product';
    case 105:
      return 'zypper was interrupted; run the migration again to continue';
    default:
      return 'read the zypper output above in the log; after fixing the cause, run the migration again';
  }
}

/** `zypper dup` of the host root in dup mode, with the original's flags. */
export function dupArgv(systemRoot: string): string[] {
  return [
    'zypper',
    '--no-cd',
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--root',
    systemRoot,
    'dup',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--replacefiles',
    '--allow-downgrade',
  ];
}

/** `zypper dup --download-only` with the flags of the real run: fills the host's package cache, installs nothing. */
export function stageArgv(systemRoot: string): string[] {
  const argv = dupArgv(systemRoot);
  const at = argv.indexOf('--download');
  argv.splice(at, 2, '--download-only');
  return argv;
}

export interface MigrationArgs {
  systemRoot: string;
  product: string;
  verbose: boolean;
  debugSolver: boolean;
}

/** `zypper migration` (the SUSEConnect migration plugin) in plugin mode, with the original's flags. */
export function migrationArgv(a: MigrationArgs): string[] {
  return [
    'zypper',
    'migration',
    a.verbose ? '--verbose' : '--no-verbose',
    ...(a.debugSolver ? ['--debug-solver'] : []),
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--no-selfupdate',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--strict-errors-dist-migration',
    '--replacefiles',
    '--product',
    a.product,
    '--root',
    a.systemRoot,
  ];
}
