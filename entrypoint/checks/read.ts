// Small read-only helpers the checks share: directory counts, the host's programs (optional files and listings: system/fs.ts).
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readRepoFiles, type RepoEntry, repoVariables } from '../system/repo-files.js';
import type { CheckContext } from './types.js';

/** What `find DIR` counts below DIR: every file, directory and link, recursively (links not followed); 0 when missing. */
export async function countEntries(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    count++;
    if (entry.isDirectory()) count += await countEntries(path.join(dir, entry.name));
  }
  return count;
}

/** root's PATH on a SUSE host: where `which` looks. */
const HOST_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The host path of a program the host has (as `which` finds it on the host), or undefined. */
export async function hostProgram(host: (p: string) => string, name: string): Promise<string | undefined> {
  for (const dir of HOST_PATH) {
    // lstat: a link is the host's to follow (an absolute one points into the host root, not this container).
    if (
      await lstat(host(path.posix.join(dir, name))).then(
        () => true,
        () => false,
      )
    )
      return path.posix.join(dir, name);
  }
  return undefined;
}

/** The host's repositories with their variables expanded as zypper on the host expands them. */
export async function hostRepos(ctx: Pick<CheckContext, 'root' | 'facts'>): Promise<RepoEntry[]> {
  const vars = await repoVariables(ctx.root, { arch: ctx.facts.arch, releasever: ctx.facts.source.baseProduct?.version });
  return readRepoFiles(ctx.root, vars);
}
