// Result files on the host: the exit-code file and the /etc/issue pointer (SPEC 4).
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOST_FILES, onHost } from '../paths.js';
import { readOptional } from '../system/fs.js';

export const ISSUE_POINTER = `Migration has failed, for further details see ${HOST_FILES.log}`;

export async function writeExitCode(systemRoot: string, code: 0 | 1): Promise<void> {
  const file = onHost(systemRoot, HOST_FILES.exitCode);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${code}\n`, 'utf8');
}

/** The exit-code file's value (the container exits with it, SPEC 5.14); anything but 0 reads as 1. */
export async function readExitCode(systemRoot: string): Promise<0 | 1> {
  const text = await readOptional(onHost(systemRoot, HOST_FILES.exitCode)).catch(() => undefined);
  return text?.trim() === '0' ? 0 : 1;
}

/** Points the login banner at the log; the host's own /etc/issue is kept aside (once) to be restored later. */
export async function setIssuePointer(systemRoot: string): Promise<void> {
  const issue = onHost(systemRoot, HOST_FILES.issue);
  const backup = onHost(systemRoot, HOST_FILES.issueBackup);
  const current = await readOptional(issue);
  if (current !== undefined && current !== ISSUE_POINTER && (await readOptional(backup)) === undefined) {
    await mkdir(path.dirname(backup), { recursive: true });
    await copyFile(issue, backup);
  }
  await mkdir(path.dirname(issue), { recursive: true });
  await writeFile(issue, ISSUE_POINTER, 'utf8');
}

/** After a successful re-run: put back the /etc/issue that a failed run replaced. Returns true if restored. */
export async function clearIssuePointer(systemRoot: string): Promise<boolean> {
  const issue = onHost(systemRoot, HOST_FILES.issue);
  const backup = onHost(systemRoot, HOST_FILES.issueBackup);
  if ((await readOptional(issue)) !== ISSUE_POINTER) return false;
  const saved = await readOptional(backup);
  if (saved === undefined) {
    await rm(issue, { force: true });
  } else {
    await writeFile(issue, saved, 'utf8');
    await rm(backup, { force: true });
  }
  return true;
}
