// ensureRepos(): the cached "SLES 12 SP5", "SLES 15 SP7" and "SLES 16.0" rpm-md repositories of the test bed.
import path from 'node:path';
import { machineArch } from './arch.js';
import { buildOnce } from './cache.js';
import { bedSources, fileStamp, hashOf } from './hash.js';
import { BUSYBOX_SOURCE, repoDefs } from './packages.js';
import { cacheRoot } from './paths.js';
import { buildRepo } from './rpmbuild.js';
import { RPMMACROS } from './rpm-env.js';
import { specText } from './spec.js';

export interface Repos {
  sles12: string;
  sles15: string;
  /** SLES 16.0, the target of the SLE 16 image tests. */
  sles16: string;
}

/** Bed sources whose change must rebuild the repositories. */
const REPO_SOURCES = ['model.ts', 'products.ts', 'packages.ts', 'spec.ts', 'rpmbuild.ts', 'repos.ts', 'arch.ts'];

/** Cache key of the repositories: generator sources, generated specs, busybox binary, arch. */
export async function reposHash(): Promise<string> {
  const defs = repoDefs(machineArch());
  return hashOf([
    ...(await bedSources(REPO_SOURCES)),
    specText(defs.sles12),
    specText(defs.sles15),
    specText(defs.sles16),
    JSON.stringify(defs),
    await fileStamp(BUSYBOX_SOURCE),
    RPMMACROS,
  ]);
}

let memo: Promise<Repos> | undefined;

export function ensureRepos(): Promise<Repos> {
  memo ??= (async () => {
    const dir = await buildOnce(path.join(cacheRoot(), await reposHash()), async (tmp) => {
      const defs = repoDefs(machineArch());
      await Promise.all([
        buildRepo(defs.sles12, path.join(tmp, 'sles12')),
        buildRepo(defs.sles15, path.join(tmp, 'sles15')),
        buildRepo(defs.sles16, path.join(tmp, 'sles16')),
      ]);
    });
    return { sles12: path.join(dir, 'sles12'), sles15: path.join(dir, 'sles15'), sles16: path.join(dir, 'sles16') };
  })();
  memo.catch(() => {
    memo = undefined;
  });
  return memo;
}
