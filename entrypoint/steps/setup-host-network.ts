// setup-host-network (SPEC 5.3, SLE 16, container variant): host network config into the container, wicked config to NM.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StepError } from '../errors.js';
import { findProgram } from '../system/host-programs.js';
import { pathExists, isSymlink } from '../system/fs.js';
import { startNetworkManager } from '../system/network-manager.js';
import { NETWORK_PATHS as N } from '../system/network-paths.js';
import { copyFromHost, makeContainerDir } from '../system/container-files.js';
import { logNetworkDetails } from '../system/network-details.js';
import type { Step, StepContext } from './types.js';

/** `wicked2nm migrate` of the host's wicked configuration (never --activate-connections here). */
export function wicked2nmArgv(ctx: Pick<StepContext, 'host' | 'config'>): string[] {
  return [
    'wicked2nm',
    'migrate',
    '--netconfig-base-dir',
    ctx.host(N.sysconfigNetwork),
    ctx.host(N.wickedConfigCache),
    ...(ctx.config.network['wicked2nm-continue-migration'] ? ['--continue-migration'] : []),
  ];
}

/** When the host uses NetworkManager: its configuration and plugins into the container. */
async function bindNetworkManager(ctx: StepContext): Promise<void> {
  if (!(await isSymlink(ctx.host(N.nmWaitOnlineEnabled)))) return;
  for (const dir of [N.nmConfig, N.nmLib]) {
    if (await pathExists(ctx.host(dir))) await ctx.mounts.bind(ctx.host(dir), dir);
  }
}

/** Dial-up/ISDN providers are bound, and the files of /etc/sysconfig/network copied, as the original does. */
async function bindSysconfigNetwork(ctx: StepContext): Promise<void> {
  if (!(await pathExists(ctx.host(N.providers)))) return;
  await ctx.mounts.bind(ctx.host(N.providers), N.providers);
  let copied = 0;
  for (const name of (await readdir(ctx.host(N.sysconfigNetwork))).sort()) {
    const from = path.join(ctx.host(N.sysconfigNetwork), name);
    if (!(await stat(from)).isFile()) continue;
    if (await copyFromHost(ctx.files, path.posix.join(N.sysconfigNetwork, name), path.join(N.sysconfigNetwork, name))) copied++;
  }
  ctx.log.info({ event: 'network.sysconfig' }, `copied ${copied} file(s) of the host's ${N.sysconfigNetwork} into the container`);
}

/**
 * The one file of NetworkManager-config-server: `no-auto-default=*`. The container's NetworkManager
 * runs in the host's network namespace (--net host) while wicked still runs the host's network; without
 * this it would start DHCP on every interface that has no connection yet.
 */
export const NM_SERVER_CONF = '/usr/lib/NetworkManager/conf.d/00-server.conf';

/** Where the container's programs and NetworkManager's server configuration are looked for (tests give their own). */
export interface ContainerNetworkTools {
  searchPath?: string;
  serverConf?: string;
}

/**
 * Why the host's wicked configuration is not converted, or undefined to convert it. The original's
 * gates in its order (setup_host_network.py wicked2nm_migrate): wicked enabled, the cached
 * `wicked show-config`, wicked2nm, NetworkManager-config-server. The original asked the container's
 * rpm database for the two packages (`rpm --query --quiet`, not chrooted); we look for the program
 * and the file they install, which also holds on a non-RPM test base.
 */
export async function wicked2nmSkipReason(ctx: Pick<StepContext, 'host'>, tools: ContainerNetworkTools = {}): Promise<string | undefined> {
  if (!(await isSymlink(ctx.host(N.wickedEnabled)))) return 'the host does not use wicked: no wicked configuration to convert';
  if (!(await pathExists(ctx.host(N.wickedConfigCache)))) {
    return `wicked configuration not converted: the host has no ${N.wickedConfigCache} (the migrate shim writes it with \`wicked show-config\`)`;
  }
  if (!(await findProgram('wicked2nm', tools.searchPath))) return 'wicked configuration not converted: this image has no wicked2nm';
  const serverConf = tools.serverConf ?? NM_SERVER_CONF;
  if (!(await pathExists(serverConf))) {
    return `wicked configuration not converted: this image has no NetworkManager-config-server (${serverConf})`;
  }
  return undefined;
}

/** Converts the host's wicked configuration into NetworkManager connections in the container (wicked-nm installs them). */
async function convertWicked(ctx: StepContext): Promise<void> {
  const skip = await wicked2nmSkipReason(ctx);
  if (skip) {
    ctx.log.info({ event: 'network.wicked2nm', ran: false }, skip);
    return;
  }
  await makeContainerDir(N.nmConnections);
  const stopNetworkManager = await startNetworkManager(ctx.exec, ctx.log);
  try {
    await runWicked2nm(ctx);
  } finally {
    await stopNetworkManager();
  }
}

async function runWicked2nm(ctx: StepContext): Promise<void> {
  const result = await ctx.exec.run(wicked2nmArgv(ctx), { allowFailure: true });
  if (!result.ok) {
    const show = await ctx.exec.run(
      ['wicked2nm', 'show', '--netconfig-base-dir', ctx.host(N.sysconfigNetwork), ctx.host(N.wickedConfigCache)],
      { allowFailure: true, quiet: true },
    );
    ctx.log.info({ event: 'network.wicked2nm.show' }, `wicked2nm show:\n${(show.stdout + show.stderr).trimEnd() || '(no output)'}`);
    await logNetworkDetails(ctx);
    throw new StepError(
      `Migration from wicked to NetworkManager failed with: wicked2nm migrate exit code ${result.exitCode}: ${result.stderr.trim() || '(no output on stderr)'}`,
      result.exitCode === 3
        ? 'wicked2nm found settings it cannot convert exactly (see its warnings above); to accept that, set "network: {wicked2nm-continue-migration: true}" in /etc/sle-migration-service.yml and run again'
        : 'read the wicked2nm output above; fix the wicked configuration in /etc/sysconfig/network and run again',
    );
  }
  ctx.log.info({ event: 'network.wicked2nm', ran: true }, "converted the host's wicked configuration to NetworkManager connections");
  if (await findProgram('nm-online')) {
    await ctx.exec.run(['nm-online', '-q'], {
      hint: 'NetworkManager did not come online with the converted connections; read the log above',
    });
  }
}

/** The host's chrooted tools (zypper scriptlets, dracut) get the container's DNS through the stacks' resolv.conf paths. */
async function bindResolvConf(ctx: StepContext): Promise<void> {
  for (const dir of ['NetworkManager', 'netconfig']) {
    const target = ctx.host(`/run/${dir}/resolv.conf`);
    await ctx.mounts.bind(N.resolvConf, target, { readOnly: true, file: true });
  }
}

export const setupHostNetwork: Step = {
  id: 'setup-host-network',
  title: 'Prepare the host network for the migration (SLE 16)',
  fatal: true,
  failure: {
    prefix: 'Preparation of migration host network failed with:',
    hint: 'read the log above; the host is unchanged by this step, fix the cause and run again',
  },
  async run(ctx) {
    for (const part of [bindNetworkManager, bindSysconfigNetwork, convertWicked, bindResolvConf]) await part(ctx);
  },
};
