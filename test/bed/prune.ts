// Deletes cache entries under .cache/testbed that the current generator sources no longer produce.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot } from './paths.js';
import { reposHash } from './repos.js';
import { templateHash } from './template-root.js';

export async function pruneCache(): Promise<string[]> {
  const keep = new Set(['home', await reposHash(), await templateHash('12.5'), await templateHash('15.7')]);
  const entries = await readdir(cacheRoot()).catch(() => [] as string[]);
  const gone = entries.filter((e) => !keep.has(e)).map((e) => path.join(cacheRoot(), e));
  for (const d of gone) await rm(d, { recursive: true, force: true });
  return gone;
}
