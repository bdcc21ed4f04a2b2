// Small read-only helpers the checks share: INI repo files, directory listings (optional files: system/fs.ts).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readOptional } from '../system/fs.js';

export async function listOptional(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
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
