// ensureRepos(): the cached "SLES 12 SP5", "SLES 15 SP7" and "SLES 16.0" rpm-md repositories of the test bed,
// for the machine's architecture or (`{ arch }`) another architecture of SLES.
import path from 'node:path';
import { isForeign, machineArch } from './arch.js';
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

/**
 * Cache key of the repositories: generator sources, generated specs, busybox binary, and for a
 * foreign architecture its name (the machine's own repositories keep the key they always had).
 */
export async function reposHash(arch: string = machineArch()): Promise<string> {
  const defs = repoDefs(arch);
  return hashOf([
    ...(await bedSources(REPO_SOURCES)),
    specText(defs.sles12),
    specText(defs.sles15),
    specText(defs.sles16),
    JSON.stringify(defs),
    await fileStamp(BUSYBOX_SOURCE),
    RPMMACROS,
    ...(isForeign(arch) ? [`rpmbuild --target ${arch}`] : []),
  ]);
}

const memo = new Map<string, Promise<Repos>>();

/** The repositories of `arch` (default: the machine's); a foreign arch's packages are built with rpmbuild --target. */
export function ensureRepos(opts: { arch?: string } = {}): Promise<Repos> {
  const arch = opts.arch ?? machineArch();
  let p = memo.get(arch);
  if (!p) {
    p = (async () => {
      const target = isForeign(arch) ? arch : undefined;
      const dir = await buildOnce(path.join(cacheRoot(), await reposHash(arch)), async (tmp) => {
        const defs = repoDefs(arch);
        await Promise.all([
          buildRepo(defs.sles12, path.join(tmp, 'sles12'), target),
          buildRepo(defs.sles15, path.join(tmp, 'sles15'), target),
          buildRepo(defs.sles16, path.join(tmp, 'sles16'), target),
        ]);
      });
      return { sles12: path.join(dir, 'sles12'), sles15: path.join(dir, 'sles15'), sles16: path.join(dir, 'sles16') };
    })();
    memo.set(arch, p);
    p.catch(() => memo.delete(arch));
  }
  return p;
}
