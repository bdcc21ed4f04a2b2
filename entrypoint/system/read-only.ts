// What a pre-flight check may run: command lines that only read, built here and nowhere else, and a
// runner that accepts nothing else. A check that tries to run another command does not compile.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CommandResult, Exec } from './exec.js';
import { chrootArgv, CRM_SLES16_HEALTH } from './host-programs.js';
import { withOverlayView } from './overlay-view.js';
import { emptyDbRpm, hasRpmDatabase, hostRpm } from './rpm-db.js';

declare const readOnlyBrand: unique symbol;

/** A command line that changes nothing on the host; only the builders of this module make one. */
export type ReadOnlyArgv = readonly string[] & { readonly [readOnlyBrand]: true };

const readOnly = (argv: readonly string[]): ReadOnlyArgv => argv as ReadOnlyArgv;

export interface QueryOptions {
  /** Return the result instead of throwing when the command fails (default: true, a check reads the result). */
  allowFailure?: boolean;
  /** Log the command line at debug level only (default: true). */
  quiet?: boolean;
}

/** The runner of a check: read-only command lines, and a throw-away view of the host for programs that write as they read. */
export interface ReadOnlyExec {
  query(argv: ReadOnlyArgv, options?: QueryOptions): Promise<CommandResult>;
  /** Runs `fn` with a writable overlay of `root` whose writes land in memory and are discarded. */
  inThrowawayView<T>(root: string, fn: (view: string) => Promise<T>): Promise<T>;
  /** Runs `fn` with the path of a private container file holding `text` (e.g. a program's output for another), removed afterwards. */
  withScratchFile<T>(name: string, text: string, fn: (file: string) => Promise<T>): Promise<T>;
}

async function withScratchFile<T>(name: string, text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-scratch-'));
  try {
    const file = path.join(dir, path.basename(name));
    await writeFile(file, text, { mode: 0o600 });
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function readOnlyExec(exec: Exec): ReadOnlyExec {
  return {
    query: (argv, options = {}) => exec.run(argv, { allowFailure: options.allowFailure ?? true, quiet: options.quiet ?? true }),
    inThrowawayView: (root, fn) => withOverlayView(exec, root, fn),
    withScratchFile,
  };
}

/** `rpm --root ROOT --dbpath DB -q…` or `-V…` against the host's database: queries and verifies only. */
export async function rpmQuery(root: string, ...args: string[]): Promise<ReadOnlyArgv> {
  const first = args[0] ?? '';
  if (!/^-(q|V)/.test(first)) throw new Error(`rpm ${first} is not a query (a check may only run rpm -q or rpm -V)`);
  // rpm creates an empty database where it finds none: a root without one is asked through an empty database
  // of the container instead (it knows no package), so the query writes nothing into the host.
  if (!(await hasRpmDatabase(root))) return readOnly(await emptyDbRpm(...args));
  return readOnly(await hostRpm(root, ...args));
}

/** The file-system type of a directory, as `stat -f -c %T` names it (btrfs, xfs, ext2/ext3, tmpfs). */
export function fsTypeQuery(dir: string): ReadOnlyArgv {
  return readOnly(['stat', '-f', '-c', '%T', dir]);
}

/** The type (e.g. crypto_LUKS) of a block device. */
export function blkidTypeQuery(device: string): ReadOnlyArgv {
  return readOnly(['blkid', '-s', 'TYPE', '-o', 'value', device]);
}

/** The geometry of an XFS file system (its crc= tells v4 from v5). */
export function xfsInfoQuery(target: string): ReadOnlyArgv {
  return readOnly(['xfs_info', target]);
}

/** The host's wicked configuration as XML, chrooted into a throw-away view (what the migrate shim caches as config.xml). */
export function wickedShowConfigQuery(view: string): ReadOnlyArgv {
  return readOnly(chrootArgv(view, ['wicked', 'show-config']));
}

/** wicked2nm's dry run of the conversion of the host's wicked configuration (writes nothing). */
export function wicked2nmDryRunQuery(netconfigBaseDir: string, wickedConfig: string): ReadOnlyArgv {
  return readOnly(['wicked2nm', 'migrate', '--disable-hints', '--dry-run', '--netconfig-base-dir', netconfigBaseDir, wickedConfig]);
}

/**
 * The host's own `aa-status --json`, chrooted into the host root: the AppArmor profiles the running kernel
 * has loaded (the container shares the host's kernel; aa-status finds securityfs through the root's /proc
 * and /sys, which the container's recursive bind of / carries). It only reads.
 */
export function aaStatusQuery(root: string): ReadOnlyArgv {
  return readOnly(chrootArgv(root, ['aa-status', '--json']));
}

/** crmsh's SLE 16 health check of this node, chrooted into a throw-away view (crmsh writes its log as it reads). */
export function crmHealthQuery(view: string): ReadOnlyArgv {
  return readOnly(chrootArgv(view, CRM_SLES16_HEALTH));
}
