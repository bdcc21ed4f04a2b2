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

/**
 * What the exit code of `zypper migration` means: the plugin (connect-ng cmd/zypper-migration/migration.go) exits
 * 0, 1 or 2, never with zypper's own code (zypper passes the plugin's code through).
 */
export function describePluginExit(exitCode: number): string {
  switch (exitCode) {
    case 1:
      return 'exit code 1 (the migration plugin failed; once it had switched the registration it rolled the products, services and repositories back: "Rollback successful." or "Rollback failed" in the log)';
    case 2:
      return 'exit code 2 (zypper dist-upgrade failed while installing packages and the plugin did not roll back: the system is most likely in an inconsistent state; or the plugin rejected its arguments)';
    default:
      return describeZypperExit(exitCode);
  }
}

/** What the user can do about a failed `zypper migration`, by the plugin's exit code. */
export function pluginHint(exitCode: number): string {
  if (exitCode === 2) {
    return 'read the package errors above in the log; restore the host from the snapshot or backup taken before the migration, or fix the packages and run the migration again';
  }
  return "read the plugin's messages above in the log (registration server, repositories, zypper); after fixing the cause, run the migration again";
}

// Every zypper command line of the program is built here (the tests hold them against the original's).

/** How zypper treats repository signing keys: trust new ones as the original does, or (dry runs) check nothing. */
type KeyPolicy = 'auto-import' | 'no-checks';

export interface GlobalOptions {
  keys?: KeyPolicy;
  /** Machine-readable output (`--xmlout`): the plan, and the progress of the upgrade and of staging. */
  xml?: boolean;
  /** Use the repository metadata as it is (staged packages, repositories unreachable). */
  noRefresh?: boolean;
}

/** zypper's global options for work on the host root: no CD/DVD prompts, no questions, the host root. */
function globals(systemRoot: string, options: GlobalOptions = {}): string[] {
  return [
    '--no-cd',
    '--non-interactive',
    options.keys === 'no-checks' ? '--no-gpg-checks' : '--gpg-auto-import-keys',
    ...(options.xml ? ['--xmlout'] : []),
    ...(options.noRefresh ? ['--no-refresh'] : []),
    '--root',
    systemRoot,
  ];
}

/** `zypper <globals> <command> <args>` on the host root. */
function onRoot(systemRoot: string, command: string, args: readonly string[], options?: GlobalOptions): string[] {
  return ['zypper', ...globals(systemRoot, options), command, ...args];
}

/** The flags of every package operation of the upgrade (the original's, SPEC 5.6). */
const UPGRADE_FLAGS = ['--auto-agree-with-licenses', '--allow-vendor-change'];
const INSTALL_FLAGS = ['--replacefiles', '--allow-downgrade'];
const IN_ADVANCE = ['--download', 'in-advance'];

export type DupDownload = 'in-advance' | 'only' | 'dry-run';

/**
 * `zypper dup` of the host root in dup mode, with the original's flags and `--xmlout` (its progress is read from
 * elements, system/zypper-xml-output.ts, and the log shows the text they carry). `only` fills the host's package
 * cache and installs nothing (staging); `dry-run` asks the solver (no key checks: a dry run installs nothing,
 * and importing a key would write into the rpm database).
 */
export function dupArgv(systemRoot: string, options: { download?: DupDownload; noRefresh?: boolean } = {}): string[] {
  const download = options.download ?? 'in-advance';
  const mode = download === 'in-advance' ? IN_ADVANCE : download === 'only' ? ['--download-only'] : ['--dry-run'];
  const global: GlobalOptions =
    download === 'dry-run' ? { keys: 'no-checks', xml: true } : { xml: true, noRefresh: options.noRefresh ?? false };
  return onRoot(systemRoot, 'dup', [...UPGRADE_FLAGS, ...mode, ...INSTALL_FLAGS], global);
}

/** Extra flags of one install, in the original's `extra_args` order (before the packages). */
export interface InstallOptions {
  /** `--no-recommends`: only what the packages require (the SELinux pattern, NetworkManager). */
  noRecommends?: boolean;
  /** `--force`: install again although installed (venv-salt-minion, for its SELinux policy). */
  force?: boolean;
}

/**
 * `zypper install` into the host root with the original's flags (SPEC 5.7); the original's
 * `extra_args` are `noRecommends` and `force`. The container's zypper with --root is the same SLE 16
 * zypper the host now has; a chrooted one (the original) would need /proc and /dev.
 */
export function installArgv(systemRoot: string, packages: readonly string[], options: InstallOptions = {}): string[] {
  return onRoot(systemRoot, 'install', [
    ...UPGRADE_FLAGS,
    ...IN_ADVANCE,
    ...INSTALL_FLAGS,
    ...(options.noRecommends ? ['--no-recommends'] : []),
    ...(options.force ? ['--force'] : []),
    ...packages,
  ]);
}

/** `zypper remove` from the host root; `cleanDeps` also removes what only they needed. */
export function removeArgv(systemRoot: string, packages: readonly string[], options: { cleanDeps?: boolean } = {}): string[] {
  return onRoot(systemRoot, 'remove', [...(options.cleanDeps ? ['--clean-deps'] : []), ...packages]);
}

/** `zypper refresh` of the host's repositories. */
export function refreshArgv(systemRoot: string): string[] {
  return onRoot(systemRoot, 'refresh', []);
}

/** Environment of package operations on the offline host root: no systemd calls from scriptlets. */
export const OFFLINE_ENV = { SYSTEMD_OFFLINE: '1' };

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
    ...UPGRADE_FLAGS,
    ...IN_ADVANCE,
    '--strict-errors-dist-migration',
    '--replacefiles',
    '--product',
    a.product,
    '--root',
    a.systemRoot,
  ];
}
