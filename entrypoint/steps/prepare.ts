// prepare (SPEC 5.2): make the container's zypper, SUSEConnect and cloud tools act for the host.
// Reads host files only; every change is in the container (copies, bind mounts in the ledger),
// so it is safe to repeat. The modules in ./prepare/ do one part each, in this order.
import { StepError } from '../errors.js';
import { pathExists } from '../system/fs.js';
import { bindCloud, findCloudCache, setupRegionConfig } from './prepare/cloud.js';
import { copyFromHost } from '../system/container-files.js';
import { logNetworkDetails } from '../system/network-details.js';
import { applyHostProxy } from './prepare/proxy.js';
import { checkRegistration } from './prepare/registration.js';
import { importTrustAnchors } from './prepare/trust-anchors.js';
import { bindZypperLog } from './prepare/zypper-log.js';
import type { Step, StepContext } from './types.js';

/** Host directories bound over the container's own, so zypper sees the host's repositories and services. */
export const ZYPP_BINDS = ['/etc/zypp', '/usr/lib/zypp/plugins/services'];

async function readHosts(ctx: StepContext): Promise<string> {
  if (!(await copyFromHost(ctx.files, '/etc/hosts'))) {
    throw new StepError(
      `the host has no /etc/hosts (looked at ${ctx.host('/etc/hosts')})`,
      `check that the host root is mounted at ${ctx.paths.systemRoot} (podman run -v /:${ctx.paths.systemRoot})`,
    );
  }
  const text = await ctx.files.read('/etc/hosts');
  ctx.log.info({ event: 'prepare.copy', file: '/etc/hosts' }, 'copied host /etc/hosts to the container');
  ctx.log.info({ event: 'prepare.hosts' }, `host /etc/hosts:\n${text.trimEnd()}`);
  return text;
}

/** Binds the host's zypp configuration and service plugins over the container's; a host without /etc/zypp stops prepare. */
export async function bindZypp(ctx: StepContext): Promise<void> {
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
}

export const prepare: Step<'prepare'> = {
  id: 'prepare',
  title: 'Prepare the migration container for the host',
  fatal: true,
  alwaysRuns: true,
  async run(ctx) {
    const commandEnv = await applyHostProxy(ctx);
    if (await copyFromHost(ctx.files, '/etc/SUSEConnect')) {
      ctx.log.info({ event: 'prepare.copy', file: '/etc/SUSEConnect' }, 'copied host /etc/SUSEConnect to the container');
    }
    const certDir = await setupRegionConfig(ctx);
    const hosts = await readHosts(ctx);
    await importTrustAnchors(ctx);
    const cacheDir = await findCloudCache(ctx, hosts);
    await bindZypperLog(ctx);
    await logNetworkDetails(ctx);
    await bindZypp(ctx);
    await bindCloud(ctx, { certDir, cacheDir });
    if (ctx.facts.mode === 'plugin') await checkRegistration(ctx);
    else ctx.log.info({ event: 'prepare.registration' }, 'dup mode: no registration needed');
    return { commandEnv };
  },
};
