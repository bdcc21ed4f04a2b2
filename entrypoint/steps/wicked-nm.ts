// wicked-nm (SPEC 5.8, SLE 16): the host's network moves from wicked to NetworkManager.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { saveInContainer } from '../system/container-files.js';
import { isSymlink } from '../system/fs.js';
import { resolveInRoot } from '../system/host-files.js';
import { isInstalled } from '../system/host-programs.js';
import { NETWORK_PATHS as N } from '../system/network-paths.js';
import { isCustomResolvConf, isGeneratedLinkTarget, staticName } from '../system/resolv-conf.js';
import { installArgv, OFFLINE_ENV, removeArgv, zypperSucceeded } from '../system/zypper.js';
import type { Step, StepContext } from './types.js';

const WICKED_PACKAGES = ['wicked', 'wicked-service', 'biosdevname', 'sysconfig-netconfig'];
const SYSTEMD_UNITS = '/etc/systemd/system';
/** The host's resolv.conf as it was before the wicked packages went (in the container). */
const RESOLV_SAVED = '/tmp/resolv.conf.backup';

/** `YYYY-MM-DD-HH:MM`: the backup directory of this run under /var/migration. */
export function backupStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** NetworkManager with its server defaults, without recommends (the original's extra_args=['--no-recommends']). */
export function networkManagerInstallArgv(systemRoot: string): string[] {
  return installArgv(systemRoot, ['NetworkManager', 'NetworkManager-config-server'], { noRecommends: true });
}

async function ensureNetworkManager(ctx: StepContext): Promise<void> {
  const root = ctx.paths.systemRoot;
  if (await isInstalled(ctx.exec, root, 'NetworkManager')) return;
  await ctx.exec.run(networkManagerInstallArgv(root), {
    env: OFFLINE_ENV,
    succeeded: zypperSucceeded,
    hint: 'NetworkManager could not be installed from the target repositories; the host would boot without network management. Install it before rebooting',
  });
}

async function switchServices(ctx: StepContext): Promise<void> {
  const root = ctx.paths.systemRoot;
  // systemctl writes the unit links itself: the door keeps /etc/systemd/system as it was.
  await ctx.files.around([SYSTEMD_UNITS], async () => {
    await ctx.exec.run(['systemctl', '--root', root, 'enable', '--force', 'NetworkManager.service']);
    await ctx.exec.run(['systemctl', '--root', root, 'mask', 'wicked.service']);
  });
}

/** The connections wicked2nm created in the container (setup-host-network) go to the host. */
async function installConnections(ctx: StepContext): Promise<void> {
  await ctx.files.mkdir(N.nmConnections, { mode: 0o700 });
  const names = (await readdir(N.nmConnections).catch(() => [] as string[])).filter((n) => n.endsWith('.nmconnection')).sort();
  for (const name of names) {
    // NetworkManager ignores keyfiles that others can read (they may hold secrets).
    await ctx.files.copyIn(path.join(N.nmConnections, name), path.posix.join(N.nmConnections, name), { mode: 0o600 });
  }
  ctx.log.info(
    { event: 'nm.connections', files: names },
    names.length > 0
      ? `installed ${names.length} NetworkManager connection(s) on the host: ${names.join(', ')}`
      : 'no NetworkManager connections to install (wicked2nm did not run or produced none)',
  );
}

/** A generated resolv.conf link goes (NM makes its own); a custom file is kept as resolv.conf.static. */
export async function handleResolvConf(ctx: Pick<StepContext, 'files' | 'log'>, now = new Date()): Promise<void> {
  const st = await lstat(ctx.files.path(N.resolvConf)).catch(() => undefined);
  if (!st) return;
  if (st.isSymbolicLink()) {
    const target = await resolveInRoot(ctx.files.root, N.resolvConf);
    if (isGeneratedLinkTarget(target)) {
      await ctx.files.remove(N.resolvConf);
      ctx.log.info({ event: 'nm.resolv' }, `removed the ${N.resolvConf} link to ${target}: NetworkManager writes its own`);
    }
    return;
  }
  const record = await ctx.files.readOptional(N.netconfigMd5).catch(() => undefined);
  if (!isCustomResolvConf(await ctx.files.read(N.resolvConf), record)) return;
  const name = staticName(await ctx.files.exists('/etc/resolv.conf.static'), now);
  await ctx.files.move(N.resolvConf, `/etc/${name}`);
  await ctx.files.symlink(name, N.resolvConf);
  ctx.log.info({ event: 'nm.resolv' }, `kept the custom ${N.resolvConf} as /etc/${name}; ${N.resolvConf} links to it`);
}

/** Removes wicked and netconfig; biosdevname only when installed (zypper would refuse an unknown name). */
async function removeWicked(ctx: StepContext): Promise<void> {
  const root = ctx.paths.systemRoot;
  const installed: string[] = [];
  for (const name of WICKED_PACKAGES) {
    if (await isInstalled(ctx.exec, root, name)) installed.push(name);
  }
  if (installed.length === 0) return;
  await ctx.exec.run(removeArgv(root, installed, { cleanDeps: true }), {
    succeeded: zypperSucceeded,
    hint: 'remove the listed packages with zypper after the reboot',
  });
}

/** Moves the host's wicked configuration to /var/migration/<stamp>/ (the original's rsync backup, then delete). */
async function backupSysconfigNetwork(ctx: StepContext): Promise<void> {
  if (!(await ctx.files.exists(N.sysconfigNetwork))) return;
  const dest = path.posix.join(N.migrationBackups, backupStamp(new Date()));
  await ctx.files.mkdir(dest);
  await ctx.files.around([dest], () =>
    ctx.exec.run(['rsync', '-a', '--relative', `${ctx.paths.systemRoot}/.${N.sysconfigNetwork}/`, `${ctx.files.path(dest)}/`]),
  );
  await ctx.files.remove(N.sysconfigNetwork);
  ctx.log.info(
    { event: 'nm.backup', backup: dest },
    `moved ${N.sysconfigNetwork} (the wicked configuration) to ${dest}${N.sysconfigNetwork}`,
  );
}

export const wickedNm: Step = {
  id: 'wicked-nm',
  title: 'Move the host network from wicked to NetworkManager (SLE 16)',
  fatal: false,
  needs: ['upgrade'],
  async skipReason(ctx) {
    return (await isSymlink(ctx.host(N.wickedEnabled)))
      ? undefined
      : 'the host does not use wicked (no wicked.service in network-online.target.wants)';
  },
  failure: {
    prefix: 'wicked to NetworkManager migration failed with:',
    hint: 'the host may boot without configured network: fix the cause and run again, or configure NetworkManager (nmcli) from the console after the reboot',
  },
  async run(ctx) {
    await ensureNetworkManager(ctx);
    await switchServices(ctx);
    await installConnections(ctx);
    await handleResolvConf(ctx);
    const saved = await saveInContainer(ctx.files, N.resolvConf, RESOLV_SAVED);
    await removeWicked(ctx);
    await backupSysconfigNetwork(ctx);
    // Removing sysconfig-netconfig can take resolv.conf with it; the host must keep its name servers.
    if (saved && !(await ctx.files.exists(N.resolvConf))) {
      if (saved.link !== undefined) await ctx.files.symlink(saved.link, N.resolvConf);
      else await ctx.files.copyIn(RESOLV_SAVED, N.resolvConf);
      ctx.log.info({ event: 'nm.resolv' }, `restored ${N.resolvConf}, removed with the wicked packages`);
    }
  },
};
