// Test fixture for plugin-mode image tests: the source and target repositories served on loopback, the SCC
// stand-in offering the target (through the service of SLES 15 SP7), and synthetic SLES 12 SP5 roots
// registered with SLES 12 SP5's service (removed again by close()).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { suite, type Test } from 'uvu';
import { machineArch } from '../bed/arch.js';
import { serveDirectory } from '../bed/repo-server.js';
import { ensureRepos } from '../bed/repos.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { containerStandins, registerRoot, SCC_PASSWORD, SCC_USER, startSccStandin, type SccStandin } from '../standins/index.js';
import { runImage, type RunImageResult } from './run-image.js';

export const ARCH = machineArch();
/** The product the image (SLE 15 SP7) migrates a SLES host to. */
export const TARGET = `SLES/15.7/${ARCH}`;
/** The product a registered root has activated (its service lists the SLES 12 SP5 repository). */
export const SOURCE = `SLES/12.5/${ARCH}`;
/** The target product as SCC describes it in a migration path. */
export const TARGET_PRODUCT = {
  identifier: 'SLES',
  version: '15.7',
  arch: ARCH,
  friendly_name: `SUSE Linux Enterprise Server 15 SP7 ${ARCH}`,
  shortname: 'SLES15-SP7',
  release_type: null,
  base: true,
  product_type: 'base',
  free: false,
  release_stage: 'released',
};
/** The name of the target's service (the SCC stand-in names services after the product's friendly name). */
export const TARGET_SERVICE = `SUSE_Linux_Enterprise_Server_15_SP7_${ARCH}`;

export interface PluginBed {
  repoUrl: string;
  scc: SccStandin;
  /** A fresh SLES 12 SP5 root registered against the SCC stand-in (SLES 12 SP5 activated, its service added). */
  registeredRoot(): Promise<string>;
  /** A fresh root with no registration (and no target repository). */
  unregisteredRoot(): Promise<string>;
  /** The target service lists `url` instead of the target repository (undefined: the target repository again). */
  setTargetRepo(url: string | undefined): void;
  /** Keeps a directory for removal by close(). */
  track(dir: string): string;
  close(): Promise<void>;
}

export async function startPluginBed(): Promise<PluginBed> {
  const repos = await ensureRepos();
  const server = await serveDirectory(repos.sles15);
  const source = await serveDirectory(repos.sles12);
  const scc = await startSccStandin({
    username: SCC_USER,
    password: SCC_PASSWORD,
    offline: { [TARGET]: [[TARGET_PRODUCT]] },
    repos: { [TARGET]: server.url, [SOURCE]: source.url },
  });
  const dirs: string[] = [];
  const track = (dir: string) => {
    dirs.push(dir);
    return dir;
  };
  const unregisteredRoot = async () => {
    const root = track(await makeSystemRoot({ targetRepoUrl: server.url }));
    await rm(path.join(root, 'etc/zypp/repos.d/SLES15-SP7.repo'));
    return root;
  };
  return {
    repoUrl: server.url,
    scc,
    track,
    unregisteredRoot,
    setTargetRepo: (url) => scc.setRepo(TARGET, url ?? server.url),
    async registeredRoot() {
      const root = await unregisteredRoot();
      await registerRoot(root, scc.url, { product: SOURCE });
      return root;
    },
    async close() {
      await scc.close();
      await server.close();
      await source.close();
      for (const dir of dirs) await removeSystemRoot(dir).catch(() => rm(dir, { recursive: true, force: true }));
    },
  };
}

/** Runs the image on `root` with the container-side stand-ins mounted where the real programs live. */
export function migrateWithStandins(
  root: string,
  args: string[] = ['run'],
  opts: { logDir?: string; extraBinds?: { source: string; target: string }[] } = {},
): Promise<RunImageResult> {
  return runImage({
    root,
    logDir: opts.logDir ?? path.join(root, 'var/log'),
    args,
    extraBinds: [...containerStandins(), ...(opts.extraBinds ?? [])],
  });
}

/** A uvu suite whose context holds a plugin bed, started before the first test and closed after the last. */
export function pluginSuite(name: string): Test<{ bed?: PluginBed }> {
  const test = suite<{ bed?: PluginBed }>(name, {});
  test.before(async (ctx) => {
    ctx.bed = await startPluginBed();
  });
  test.after(async (ctx) => {
    await ctx.bed?.close();
  });
  return test;
}
