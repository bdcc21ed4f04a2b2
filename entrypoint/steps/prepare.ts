// prepare (SPEC 5.2): make the container's zypper act for the host: hosts, trust anchors, zypp config mounts.
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StepError } from '../errors.js';
import { pathExists } from '../system/fs.js';
import type { Step, StepContext } from './types.js';

const TRUST_ANCHOR_DIRS = ['/usr/share/pki/trust/anchors', '/etc/pki/trust/anchors'];

/** Host directories bound over the container's own, so zypper sees the host's repositories and services. */
export const ZYPP_BINDS = ['/etc/zypp', '/usr/lib/zypp/plugins/services'];

async function copyIfPresent(ctx: StepContext, hostFile: string, containerFile: string): Promise<boolean> {
  if (!(await pathExists(ctx.host(hostFile)))) return false;
  await mkdir(path.dirname(containerFile), { recursive: true });
  // copyFile writes into the existing file: /etc/hosts is itself a bind mount made by podman.
  await copyFile(ctx.host(hostFile), containerFile);
  ctx.log.info({ event: 'prepare.copy' }, `copied host ${hostFile} to the container`);
  return true;
}

/** Imports the host's extra CA certificates so the container trusts the same servers (RMT, SMT, proxies). */
async function importTrustAnchors(ctx: StepContext): Promise<void> {
  for (const dir of TRUST_ANCHOR_DIRS) {
    const source = ctx.host(dir);
    let names: string[];
    try {
      names = await readdir(source);
    } catch {
      continue;
    }
    if (names.length === 0) continue;
    await mkdir(dir, { recursive: true });
    let copied = 0;
    for (const name of names.sort()) {
      const from = path.join(source, name);
      try {
        if ((await stat(from)).isDirectory()) continue;
        await copyFile(from, path.join(dir, name));
        copied++;
      } catch (err) {
        ctx.log.warn({ event: 'prepare.trust' }, `trust anchor ${path.join(dir, name)} could not be copied: ${(err as Error).message}`);
      }
    }
    ctx.log.info({ event: 'prepare.trust' }, `imported ${copied} trust anchor(s) from the host's ${dir}`);
    const update = await ctx.exec.run(['update-ca-certificates'], { allowFailure: true });
    if (!update.ok) ctx.log.warn({ event: 'prepare.trust' }, 'update-ca-certificates failed; servers with a private CA may be refused');
  }
}

async function logNetwork(ctx: StepContext): Promise<void> {
  for (const argv of [['ip', 'a'], ['ip', 'r']]) {
    const result = await ctx.exec.run(argv, { allowFailure: true, quiet: true });
    if (result.ok) ctx.log.info({ event: 'prepare.network' }, `${argv.join(' ')}:\n${result.stdout.trimEnd()}`);
  }
}

export const prepare: Step = {
  id: 'prepare',
  title: 'Prepare the migration container for the host',
  fatal: true,
  alwaysRuns: true,
  async run(ctx) {
    await copyIfPresent(ctx, '/etc/SUSEConnect', '/etc/SUSEConnect');
    if (!(await copyIfPresent(ctx, '/etc/hosts', '/etc/hosts'))) {
      throw new StepError(
        `the host has no /etc/hosts (looked at ${ctx.host('/etc/hosts')})`,
        `check that the host root is mounted at ${ctx.paths.systemRoot} (podman run -v /:${ctx.paths.systemRoot})`,
      );
    }
    ctx.log.info({ event: 'prepare.hosts' }, `host /etc/hosts:\n${(await readFile(ctx.host('/etc/hosts'), 'utf8')).trimEnd()}`);
    await importTrustAnchors(ctx);
    await logNetwork(ctx);

    for (const dir of ZYPP_BINDS) {
      if (!(await pathExists(ctx.host(dir)))) {
        if (dir === '/etc/zypp') {
          throw new StepError(`the host has no ${dir}`, 'the host does not look like a SUSE system with zypper; nothing was changed');
        }
        ctx.log.info({ event: 'prepare.mount' }, `host has no ${dir}, not mounted`);
        continue;
      }
      await ctx.mounts.bind(ctx.host(dir), dir);
    }
  },
};
