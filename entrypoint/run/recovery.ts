// What the user can do to undo the migration: roll back to the snapshot (btrfs), or put the edited files back from the backup.
import { shellQuote } from '../system/exec.js';
import type { FileChange } from '../system/host-files.js';
import { HOST_FILES } from '../paths.js';

/** At most this many files are listed in the log; the journal has them all. */
const LISTED = 20;

/**
 * The shell command that undoes one change on the host, or undefined when there is nothing to undo.
 * `root` prefixes every path (empty on the host itself; tests run the commands against a synthetic root).
 */
export function undoCommand(change: FileChange, root = ''): string | undefined {
  const q = (p: string) => shellQuote(`${root}${p}`);
  if (change.action === 'move' && change.to) return `mv ${q(change.to)} ${q(change.path)}`;
  if (change.before === 'absent') return change.after === 'absent' ? undefined : `rm -r ${q(change.path)}`;
  if (!change.backup) return undefined;
  if (change.before === 'dir' || change.before.startsWith('tree:'))
    return `rm -rf ${q(change.path)} && cp -a ${q(change.backup)} ${q(change.path)}`;
  return `cp -a --remove-destination ${q(change.backup)} ${q(change.path)}`;
}

/**
 * How to put the host's files back as they were: one command per changed path (the first change of a
 * path is the one to undo: its backup is the original), the latest change first.
 */
export function restoreCommands(changes: readonly FileChange[], root = ''): string[] {
  const first = new Map<string, FileChange>();
  for (const change of changes) if (!first.has(change.path)) first.set(change.path, change);
  return [...first.values()]
    .reverse()
    .map((change) => undoCommand(change, root))
    .filter((c): c is string => c !== undefined);
}

/** The block of advice for a host without a snapshot: where the originals are and the commands to put them back. */
export function backupAdvice(changes: readonly FileChange[]): string {
  const commands = restoreCommands(changes);
  if (commands.length === 0)
    return `The migration changed no host file outside the package manager; there is nothing in ${HOST_FILES.backupDir} to put back.`;
  const shown = commands.slice(0, LISTED).map((c) => `  ${c}`);
  const more = commands.length > LISTED ? [`  ... ${commands.length - LISTED} more: see "changes" in ${HOST_FILES.journal}`] : [];
  return [
    `The migration changed ${commands.length} host path(s) outside the package manager; the originals are kept under ${HOST_FILES.backupDir}.`,
    'To put them back as they were (on the host, as root):',
    ...shown,
    ...more,
  ].join('\n');
}

/** What the user can do after a failure: roll back to the snapshot, or (no btrfs) use the backups. */
export function recoveryAdvice(preSnapshot: number | undefined): string {
  if (preSnapshot !== undefined) {
    return `To return to the system as it was before the migration, run the image with \`rollback\` (migrate --rollback): it makes snapshot ${preSnapshot} the default; then reboot.`;
  }
  return `There is no snapshot to roll back to; the files the migration edited are kept under ${HOST_FILES.backupDir} (the commands to put them back follow).`;
}
