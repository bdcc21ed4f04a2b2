// A uvu suite for unit tests that run the machine's zypper and rpm on bed roots: the SLES 15 SP7
// repository served on loopback, and HOME pointing at the bed's .rpmmacros (rpm db in /var/lib/rpm, as in the image).
import { suite, type Test } from 'uvu';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory } from '../bed/repo-server.js';
import { bedHome } from '../bed/rpm-env.js';

export interface BedContext {
  /** Base URL of the served SLES 15 SP7 repository. */
  url: string;
  close: () => Promise<void>;
  home?: string;
}

export function bedSuite(name: string): Test<BedContext> {
  const test = suite<BedContext>(name, { url: '', close: async () => {} });
  test.before(async (ctx) => {
    const served = await serveDirectory((await ensureRepos()).sles15);
    ctx.url = served.url;
    ctx.close = served.close;
    ctx.home = process.env.HOME;
    process.env.HOME = await bedHome();
  });
  test.after(async (ctx) => {
    await ctx.close();
    process.env.HOME = ctx.home;
  });
  return test;
}
