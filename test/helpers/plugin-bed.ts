// Test fixture for plugin-mode image tests: the target repository served on loopback, the SCC
// stand-in offering it, and registered synthetic roots (removed again by close()).
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

export interface PluginBed {
  repoUrl: string;
  scc: SccStandin;
  /** A fresh SLES 12 SP5 root registered against the SCC stand-in. */
  registeredRoot(): Promise<string>;
  /** A fresh root with no registration (and no target repository). */
  unregisteredRoot(): Promise<string>;
  /** Keeps a directory for removal by close(). */
  track(dir: string): string;
  close(): Promise<void>;
}

export async function startPluginBed(): Promise<PluginBed> {
  const repos = await ensureRepos();
  const server = await serveDirectory(repos.sles15);
  const scc = await startSccStandin({
    username: SCC_USER,
    password: SCC_PASSWORD,
    migrations: { [TARGET]: [{ identifier: 'SLES', version: '15.7', arch: ARCH, repo_url: server.url }] },
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
    async registeredRoot() {
      const root = await unregisteredRoot();
      await registerRoot(root, scc.url);
      return root;
    },
    async close() {
      await scc.close();
      await server.close();
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
