// Result files on the host: the exit-code file and the /etc/issue pointer (SPEC 4). Each is replaced atomically
// (a temp file renamed over it): a kill leaves the old or the new content, never an empty or half file.
import { chmod, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_FILES, onHost } from '../paths.js';
import { readOptional } from '../system/fs.js';
import { resolveInRoot } from '../system/host-files.js';

export const ISSUE_POINTER = `Migration has failed, for further details see ${HOST_FILES.log}`;

/** Writes `text` next to `file` and renames it over it, keeping the mode of the file it replaces. */
export async function replaceAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const mode = (await stat(file).catch(() => undefined))?.mode;
  const tmp = `${file}.dms-new`;
  try {
    await writeFile(tmp, text, 'utf8');
    if (mode !== undefined) await chmod(tmp, mode & 0o7777);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** File systems that are full take no new file, but an existing block can still be overwritten. */
const FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Writes `0` or `1` to the exit-code file. On a full /var/log (no room for the temp file) the file the run
 * wrote before its first change is overwritten in place instead: the two values have the same length, so the
 * write needs no new block, and a single two-byte write is never seen half done.
 */
export async function writeExitCode(systemRoot: string, code: 0 | 1): Promise<void> {
  const file = onHost(systemRoot, HOST_FILES.exitCode);
  try {
    await replaceAtomically(file, `${code}\n`);
  } catch (err) {
    if (!FULL.has((err as NodeJS.ErrnoException).code ?? '') || (await readOptional(file).catch(() => undefined))?.length !== 2) throw err;
    const handle = await open(file, 'r+');
    try {
      await handle.write(`${code}\n`, 0, 'utf8');
    } finally {
      await handle.close();
    }
  }
}

/** The exit-code file's value (the container exits with it, SPEC 5.14); anything but 0 reads as 1. */
export async function readExitCode(systemRoot: string): Promise<0 | 1> {
  const text = await readOptional(onHost(systemRoot, HOST_FILES.exitCode)).catch(() => undefined);
  return text?.trim() === '0' ? 0 : 1;
}

/**
 * Where the host's login banner is: /etc/issue, or what it links to inside the host root when that is a file
 * named `issue` (issue-generator's /run/issue). A link anywhere else (e.g. to /etc/shadow) is not written
 * through: undefined, and the caller says so.
 */
export async function issueFile(systemRoot: string): Promise<string | undefined> {
  const target = await resolveInRoot(systemRoot, HOST_FILES.issue);
  if (target !== HOST_FILES.issue && path.posix.basename(target) !== 'issue') return undefined;
  return onHost(systemRoot, target);
}

/**
 * Points the login banner at the log; the host's own banner is kept aside (once) to be restored later.
 * Returns false when /etc/issue links somewhere that is not a banner (nothing written).
 */
export async function setIssuePointer(systemRoot: string): Promise<boolean> {
  const issue = await issueFile(systemRoot);
  if (!issue) return false;
  const backup = onHost(systemRoot, HOST_FILES.issueBackup);
  const current = await readOptional(issue);
  if (current !== undefined && current !== ISSUE_POINTER && (await readOptional(backup)) === undefined) {
    await replaceAtomically(backup, current);
  }
  if (current !== ISSUE_POINTER) await replaceAtomically(issue, ISSUE_POINTER);
  return true;
}

/** After a successful run: put back the banner that the pointer replaced. Returns true if restored. */
export async function clearIssuePointer(systemRoot: string): Promise<boolean> {
  const issue = await issueFile(systemRoot);
  if (!issue || (await readOptional(issue)) !== ISSUE_POINTER) return false;
  const backup = onHost(systemRoot, HOST_FILES.issueBackup);
  const saved = await readOptional(backup);
  if (saved === undefined) {
    await rm(issue, { force: true });
  } else {
    await replaceAtomically(issue, saved);
    await rm(backup, { force: true });
  }
  return true;
}
