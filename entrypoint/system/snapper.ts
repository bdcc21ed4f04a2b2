// snapper on the host root (chrooted, no D-Bus): is it set up, create a snapshot, roll back to one.
import { readFile, stat } from 'node:fs/promises';
import { StepError } from '../errors.js';
import type { Exec } from './exec.js';
import { chrootArgv } from './host-programs.js';
import type { Mounts } from './mounts.js';

export const PRE_DESCRIPTION = 'before offline migration';
/** Written by the SLE 16 activation package on the host: the latest root "pre" snapshot, the base of ours. */
export const ACTIVATION_MARKER = '/var/cache/suse_migration_snapper_btrfs_pre_snapshot_number';
/** In the container, as the original writes it: the pre snapshot exists (SPEC 5.5, 5.11). */
export const CONTAINER_MARKER = '/run/suse_migration_snapper_btrfs_pre_snapshot_number';
export const POST_DESCRIPTION = 'after offline migration';

/** The file-system type of a directory, as `stat -f -c %T` names it (e.g. btrfs, ext2/ext3, tmpfs). */
export async function fsType(exec: Exec, dir: string): Promise<string> {
  const result = await exec.run(['stat', '-f', '-c', '%T', dir], { quiet: true });
  return result.stdout.trim();
}

/** snapper prints the new snapshot's number with --print-number; anything else is an error. */
export function parseSnapshotNumber(stdout: string): number {
  const text = stdout.trim();
  if (!/^\d+$/.test(text)) throw new StepError(`snapper printed "${text.slice(0, 80)}" instead of a snapshot number`);
  return Number.parseInt(text, 10);
}

/** A marker file holding a snapshot number (SPEC 5.5/5.11): undefined when missing; an error when not digits. */
export async function readSnapshotMarker(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!/^\d+$/.test(text))
    throw new StepError(
      `${file} holds "${text.slice(0, 40)}", not a snapshot number`,
      `remove ${file} or write the snapshot number into it`,
    );
  return Number.parseInt(text, 10);
}

export interface SnapperHost {
  exec: Exec;
  mounts: Mounts;
  /** The host root, e.g. /system-root. */
  root: string;
}

/** snapper inside the host root reads /proc/self/mounts: bind the container's /proc there when the host's is not visible. */
async function withProc<T>(host: SnapperHost, fn: () => Promise<T>): Promise<T> {
  const procInRoot = `${host.root}/proc`;
  const visible = await stat(`${procInRoot}/self/mounts`).then(
    () => true,
    () => false,
  );
  if (visible) return fn();
  await host.mounts.bind('/proc', procInRoot);
  try {
    return await fn();
  } finally {
    await host.mounts.unbind(procInRoot);
  }
}

function snapper(host: SnapperHost, args: string[], hint?: string) {
  return host.exec.run(chrootArgv(host.root, ['snapper', '--no-dbus', ...args]), { allowFailure: true, ...(hint ? { hint } : {}) });
}

/** True when the host root has a snapper configuration for / (SPEC 5.5 step 3). */
export async function snapperConfigured(host: SnapperHost): Promise<boolean> {
  return withProc(host, async () => (await snapper(host, ['get-config'])).ok);
}

/** Creates a read-only single snapshot of the host root and returns its number. */
export async function createSnapshot(host: SnapperHost, description: string, from?: number): Promise<number> {
  return withProc(host, async () => {
    const result = await snapper(host, [
      'create',
      ...(from !== undefined && from > 0 ? ['--from', String(from)] : []),
      '--read-only',
      '--type',
      'single',
      '--cleanup-algorithm',
      'number',
      '--print-number',
      '--userdata',
      'important=yes',
      '--description',
      description,
    ]);
    if (!result.ok) {
      throw new StepError(
        `snapper create failed with exit code ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`,
        'check `snapper list` and the free space of the root file system',
      );
    }
    return parseSnapshotNumber(result.stdout);
  });
}

/** Makes a read-write copy of snapshot `number` the default subvolume (snapper rollback, classic ambit); the host boots it next. */
export async function rollbackTo(host: SnapperHost, number: number): Promise<string> {
  return withProc(host, async () => {
    const result = await snapper(host, ['--ambit', 'classic', 'rollback', String(number)]);
    if (!result.ok) {
      throw new StepError(
        `snapper rollback ${number} failed with exit code ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}`,
        'check `snapper list` on the host; the snapshot may have been deleted',
      );
    }
    return result.stdout.trim();
  });
}
