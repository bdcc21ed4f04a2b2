// Deletes cache entries under .cache/testbed that the current generator sources no longer produce.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { SLE_ARCHES } from './arch.js';
import { cacheRoot } from './paths.js';
import { bootToolsEntry } from './boot-tools.js';
import { reposHash } from './repos.js';
import { templateHash } from './template-root.js';

export async function pruneCache(): Promise<string[]> {
  const keep = new Set(['home', bootToolsEntry()]);
  for (const arch of SLE_ARCHES) {
    keep.add(await reposHash(arch));
    keep.add(await templateHash('12.5', arch));
    keep.add(await templateHash('15.7', arch));
  }
  const entries = await readdir(cacheRoot()).catch(() => [] as string[]);
  const gone = entries.filter((e) => !keep.has(e)).map((e) => path.join(cacheRoot(), e));
  for (const d of gone) await rm(d, { recursive: true, force: true });
  return gone;
}
