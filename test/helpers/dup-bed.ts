// Test fixture for dup-mode image tests: the SLES 15 SP7 target repository served on loopback and
// fresh synthetic SLES 12 SP5 roots pointing at it (removed again after the suite).
import { rm } from 'node:fs/promises';
import { suite, type Test } from 'uvu';
import { serveDirectory } from '../bed/repo-server.js';
import { ensureRepos } from '../bed/repos.js';
import { makeSystemRoot } from '../bed/system-root.js';

export interface DupBed {
  repoUrl: string;
  /** A fresh root whose target repository is `repoUrl` (default: the served one). */
  root(repoUrl?: string): Promise<string>;
}

/** A uvu suite whose context holds a dup bed, started before the first test and removed after the last. */
export function dupSuite(name: string): Test<{ bed: DupBed; close: () => Promise<void>; roots: string[] }> {
  const test = suite<{ bed: DupBed; close: () => Promise<void>; roots: string[] }>(name, {
    bed: undefined as unknown as DupBed,
    close: async () => {},
    roots: [],
  });
  test.before(async (ctx) => {
    const server = await serveDirectory((await ensureRepos()).sles15);
    ctx.close = server.close;
    ctx.bed = {
      repoUrl: server.url,
      async root(repoUrl = server.url) {
        const dir = await makeSystemRoot({ targetRepoUrl: repoUrl });
        ctx.roots.push(dir);
        return dir;
      },
    };
  });
  test.after(async (ctx) => {
    await ctx.close();
    for (const root of ctx.roots) await rm(root, { recursive: true, force: true });
  });
  return test;
}
