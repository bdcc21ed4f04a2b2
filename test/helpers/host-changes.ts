// The oracle of the door's promise on a migrated bed root: every host path that changed outside rpm's own
// transactions has its change in the journal and its original in /var/lib/dms/backup, byte for byte.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import type { FileChange } from '../../entrypoint/system/host-files.js';
import { SCRIPTLET_LOG } from '../bed/packages.js';

/** Paths the oracle does not judge: the program's own state, logs, caches, rpm's and zypp's databases, runtime dirs. */
const NOT_SYSTEM = [
  'var/log',
  'var/lib/dms',
  'var/cache',
  'var/lib/rpm',
  'usr/lib/sysimage/rpm',
  'var/lib/zypp',
  'run',
  'tmp',
  'var/tmp',
  'proc',
  'sys',
  'dev',
];

/** rel path -> state: `sha256:<hex>`, `dir`, `link:<target>`. */
export type FileStates = Map<string, string>;

async function state(full: string): Promise<string | undefined> {
  const st = await lstat(full).catch(() => undefined);
  if (!st) return undefined;
  if (st.isSymbolicLink()) return `link:${await readlink(full)}`;
  if (st.isDirectory()) return 'dir';
  return `sha256:${createHash('sha256')
    .update(await readFile(full))
    .digest('hex')}`;
}

/** Every path below root (but the NOT_SYSTEM ones) with its state. */
export async function fileStates(root: string): Promise<FileStates> {
  const out: FileStates = new Map();
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      if (NOT_SYSTEM.some((p) => rel === p || rel.startsWith(`${p}/`))) continue;
      const s = (await state(full))!;
      out.set(rel, s);
      if (s === 'dir') await walk(full);
    }
  };
  await walk(root);
  return out;
}

/** What rpm's database says about every file it owns: rel path -> `sha256:<digest>`, `dir`, or `link:<target>`. */
export async function rpmOwned(root: string): Promise<Map<string, string>> {
  const { stdout } = await execa('rpm', [
    '--root',
    root,
    '--dbpath',
    '/var/lib/rpm',
    '-qa',
    '--qf',
    '[%{FILENAMES}\t%{FILEDIGESTS}\t%{FILEMODES:perms}\t%{FILELINKTOS}\n]',
  ]);
  const out = new Map<string, string>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const [name, digest, perms, linkTo] = line.split('\t');
    const rel = name!.replace(/^\//, '');
    if (perms!.startsWith('d')) out.set(rel, 'dir');
    else if (perms!.startsWith('l')) out.set(rel, `link:${linkTo}`);
    else out.set(rel, `sha256:${digest}`);
  }
  return out;
}

interface Change {
  path: string;
  before: string;
  backup?: string;
  to?: string;
}

/**
 * Host paths that changed between `before` and now without rpm having done it, and whose change is not
 * covered by a journal record with the original kept (the record of the path or of a directory above it).
 * Empty means the door kept its promise.
 */
/** The host paths (relative) that changed outside rpm's transactions: their state before and now. */
async function changedOutsideRpm(root: string, before: FileStates, rpmBefore: Map<string, string>) {
  const after = await fileStates(root);
  const rpmAfter = await rpmOwned(root);
  const out: Array<{ rel: string; was: string | undefined; now: string | undefined }> = [];
  for (const rel of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(rel);
    const now = after.get(rel);
    if (was === now) continue;
    // rpm's doing: the file is what a package installed, or went with a package, or is rpm's own side file.
    if (now !== undefined && rpmAfter.get(rel) === now) continue;
    // A directory rpm created for the files it installs below it (rpm makes missing parents without owning them).
    if (was === undefined && now === 'dir' && [...rpmAfter.keys()].some((p) => p.startsWith(`${rel}/`))) continue;
    if (now === undefined && rpmBefore.has(rel) && !rpmAfter.has(rel)) continue;
    if (/\.(rpmnew|rpmsave|rpmorig)$/.test(rel) || `/${rel}` === SCRIPTLET_LOG) continue;
    if (was === 'dir' && now === 'dir') continue;
    out.push({ rel, was, now });
  }
  return out;
}

export async function unkeptChanges(root: string, before: FileStates, rpmBefore: Map<string, string>): Promise<string[]> {
  const journal = JSON.parse(await readFile(path.join(root, 'var/lib/dms/journal.json'), 'utf8')) as { changes?: Change[] };
  // A move is a change of both of its ends.
  const records = (journal.changes ?? []).flatMap((c) => [
    { ...c, rel: c.path.replace(/^\//, '') },
    ...(c.to ? [{ ...c, backup: undefined, rel: c.to.replace(/^\//, '') }] : []),
  ]);
  const problems: string[] = [];
  for (const { rel, was, now } of await changedOutsideRpm(root, before, rpmBefore)) {
    const record = records.find((r) => rel === r.rel || rel.startsWith(`${r.rel}/`));
    if (!record) {
      problems.push(`${rel}: ${was ?? 'absent'} -> ${now ?? 'absent'}, no change recorded in the journal`);
      continue;
    }
    if (was === undefined) continue; // created: nothing to keep
    const backup = record.backup && path.join(root, record.backup, path.relative(record.rel, rel));
    const kept = backup ? await state(backup) : undefined;
    if (kept !== was) problems.push(`${rel}: the original (${was}) is not in the backup (${record.backup ?? 'none'}: ${kept ?? 'absent'})`);
  }
  return problems.sort();
}

/** After the restore commands ran: the paths changed outside rpm that are still not as they were (empty: all back). */
export async function notRestored(root: string, before: FileStates, rpmBefore: Map<string, string>): Promise<string[]> {
  return (await changedOutsideRpm(root, before, rpmBefore))
    .map(({ rel, was, now }) => `${rel}: ${was ?? 'absent'} -> ${now ?? 'absent'}`)
    .sort();
}

/** The journal's change records of a migrated root. */
export async function journalChanges(root: string): Promise<FileChange[]> {
  const journal = JSON.parse(await readFile(path.join(root, 'var/lib/dms/journal.json'), 'utf8')) as { changes?: FileChange[] };
  return journal.changes ?? [];
}
