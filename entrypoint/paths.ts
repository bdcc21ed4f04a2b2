// Fixed paths of the container workflow: where the host root is mounted and the files the SPEC names.
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** Paths inside the migration container. */
export interface ContainerPaths {
  /** The host's `/`, bind-mounted by `podman run -v /:/system-root`. */
  systemRoot: string;
  /** Mount ledger: every bind mount this program made, for finish to undo. */
  ledger: string;
  /** Image default configuration. */
  imageConfig: string;
  /** Image drop-in directory (`*.yml`, sorted). */
  dropinDir: string;
  /** The image's own os-release: tells which SLE generation this image migrates to. */
  imageOsRelease: string;
}

export const CONTAINER_PATHS: ContainerPaths = {
  systemRoot: '/system-root',
  ledger: '/etc/system-root.fstab',
  imageConfig: '/etc/migration-config.yml',
  dropinDir: '/etc/migration-config.d',
  imageOsRelease: '/etc/os-release',
};

/** Copies of the host files the migration changes, kept under their host path. */
const BACKUP_DIR = '/var/lib/dms/backup';
const PRODUCTS_DIR = '/etc/products.d';

/** Files on the host, as absolute host paths (resolve them with `onHost`). */
export const HOST_FILES = {
  log: '/var/log/distro_migration.log',
  jsonLog: '/var/log/distro_migration.jsonl',
  exitCode: '/var/log/distro_migration.exitcode',
  /** How the last `run` ended, one line of KEY=VALUE fields for the host shim (entrypoint/run/shim-result.ts). */
  result: '/var/log/distro_migration.result',
  issue: '/etc/issue',
  issueBackup: '/var/lib/dms/issue.before-migration',
  hostConfig: '/etc/sle-migration-service.yml',
  productsDir: PRODUCTS_DIR,
  /** The host's /etc/products.d before the migration (kept by product-setup, like every original, under backupDir). */
  productsBackup: `${BACKUP_DIR}${PRODUCTS_DIR}`,
  osRelease: '/etc/os-release',
  hosts: '/etc/hosts',
  /** Held (flock) for the whole run: one migration at a time. */
  lock: '/var/lib/dms/migration.lock',
  /** What each step did, so a re-run continues (entrypoint/run/journal.ts). */
  journal: '/var/lib/dms/journal.json',
  /** Number of the snapper snapshot taken before the first change (btrfs hosts only). */
  preSnapshot: '/var/cache/dms/pre_migration_snapshot_number',
  /** Copies of host files the migration edits, kept under their host path (non-btrfs hosts have no snapshot). */
  backupDir: BACKUP_DIR,
  /** What `stage` downloaded ahead of the migration (JSON). */
  staged: '/var/lib/dms/staged.json',
  /** zypp's package cache, where `stage` puts the packages and the run takes them from. */
  packageCache: '/var/cache/zypp/packages',
} as const;

/**
 * `readlink -m` inside the host root, as chroot would see it: follows symlinks (absolute targets re-rooted at
 * the root, `..` never above it), tolerating missing parts; returns the host path (e.g. /run/netconfig/resolv.conf).
 * `followLast: false` leaves the last component as it is (lstat semantics: a link there stays the link).
 */
export function resolveInRootSync(systemRoot: string, hostPath: string, followLast = true, maxLinks = 40): string {
  const pending = hostPath.split('/').filter(Boolean);
  let resolved = '/';
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      resolved = path.posix.dirname(resolved);
      continue;
    }
    const next = path.posix.join(resolved, part);
    if (pending.length === 0 && !followLast) return next;
    let target: string | undefined;
    try {
      if (lstatSync(path.join(systemRoot, next)).isSymbolicLink()) target = readlinkSync(path.join(systemRoot, next));
    } catch {
      // missing: taken as it is, like readlink -m
    }
    if (target !== undefined) {
      if (++links > maxLinks) throw new Error(`too many levels of symbolic links at ${next} in ${systemRoot}`);
      pending.unshift(...target.split('/').filter(Boolean));
      if (target.startsWith('/')) resolved = '/';
      continue;
    }
    resolved = next;
  }
  return resolved;
}

/**
 * Where a host path is in this container: under the mounted system root, its directories resolved inside the
 * root (a host whose /var/log links to /srv/log gets /system-root/srv/log/..., never the container's /srv/log);
 * the last component is not followed. `..` segments cannot escape the root.
 */
export function onHost(systemRoot: string, hostPath: string): string {
  const inRoot = resolveInRootSync(systemRoot, path.posix.resolve('/', hostPath), false);
  const resolved = path.resolve(systemRoot, `.${inRoot}`);
  const root = path.resolve(systemRoot);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw new Error(`path ${hostPath} escapes the system root ${systemRoot}`);
  }
  return resolved;
}
