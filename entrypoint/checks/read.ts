// Small read-only helpers the checks share: INI repo files, directory listings, the host's programs (optional files: system/fs.ts).
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readOptional } from '../system/fs.js';

export async function listOptional(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

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

export interface RepoEntry {
  file: string;
  alias: string;
  baseurl?: string;
  enabled: boolean;
}

/** Sections of the INI files in a zypp repos.d directory (`[alias]` then `key=value`). */
export async function readRepos(reposDir: string): Promise<RepoEntry[]> {
  const repos: RepoEntry[] = [];
  for (const name of (await listOptional(reposDir)).filter((n) => n.endsWith('.repo'))) {
    const text = (await readOptional(path.join(reposDir, name))) ?? '';
    let current: RepoEntry | undefined;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const section = /^\[(.+)\]$/.exec(line);
      if (section) {
        current = { file: name, alias: section[1]!, enabled: true };
        repos.push(current);
        continue;
      }
      const eq = line.indexOf('=');
      if (!current || eq < 0) continue;
      const key = line.slice(0, eq).trim().toLowerCase();
      const value = line.slice(eq + 1).trim();
      if (key === 'baseurl' && current.baseurl === undefined) current.baseurl = value;
      if (key === 'enabled') current.enabled = value !== '0';
    }
  }
  return repos;
}
