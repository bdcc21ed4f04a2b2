// wicked-nm (SPEC 5.8, SLE 16): the host's network moves from wicked to NetworkManager.
import { chmod, copyFile, cp, lstat, mkdir, readdir, readFile, rename, rm, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { withStepError } from '../errors.js';
import { isSymlink, pathExists } from '../system/fs.js';
import { installArgv, isInstalled, OFFLINE_ENV } from '../system/host-programs.js';
import { NETWORK_PATHS as N } from '../system/network-paths.js';
import { isCustomResolvConf, isGeneratedLinkTarget, resolveInRoot, staticName } from '../system/resolv-conf.js';
import { zypperSucceeded } from '../system/zypper.js';
import type { Step, StepContext } from './types.js';

const WICKED_PACKAGES = ['wicked', 'wicked-service', 'biosdevname', 'sysconfig-netconfig'];
const RESOLV_BACKUP = '/tmp/resolv.conf.backup';

/** `YYYY-MM-DD-HH:MM`: the backup directory of this run under /var/migration. */
export function backupStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}:${p(now.getMinutes())}`;
}

async function ensureNetworkManager(ctx: StepContext): Promise<void> {
  const root = ctx.paths.systemRoot;
  if (await isInstalled(ctx.exec, root, 'NetworkManager')) return;
  await ctx.exec.run(installArgv(root, ['NetworkManager', 'NetworkManager-config-server']), {
    env: OFFLINE_ENV,
    succeeded: zypperSucceeded,
    hint: 'NetworkManager could not be installed from the target repositories; the host would boot without network management. Install it before rebooting',
  });
}

async function switchServices(ctx: StepContext): Promise<void> {
  const root = ctx.paths.systemRoot;
  await ctx.exec.run(['systemctl', '--root', root, 'enable', '--force', 'NetworkManager.service']);
  await ctx.exec.run(['systemctl', '--root', root, 'mask', 'wicked.service']);
}

/** The connections wicked2nm created in the container (setup-host-network) go to the host. */
async function installConnections(ctx: StepContext): Promise<void> {
  const target = ctx.host(N.nmConnections);
  await mkdir(target, { recursive: true, mode: 0o700 });
  const names = (await readdir(N.nmConnections).catch(() => [] as string[])).filter((n) => n.endsWith('.nmconnection')).sort();
  for (const name of names) {
    await copyFile(path.join(N.nmConnections, name), path.join(target, name));
    // NetworkManager ignores keyfiles that others can read (they may hold secrets).
    await chmod(path.join(target, name), 0o600);
  }
  ctx.log.info(
    { event: 'nm.connections', files: names },
    names.length > 0
      ? `installed ${names.length} NetworkManager connection(s) on the host: ${names.join(', ')}`
      : 'no NetworkManager connections to install (wicked2nm did not run or produced none)',
  );
}

/** A generated resolv.conf link goes (NM makes its own); a custom file is kept as resolv.conf.static. */
export async function handleResolvConf(ctx: Pick<StepContext, 'host' | 'log' | 'paths'>, now = new Date()): Promise<void> {
  const file = ctx.host(N.resolvConf);
  const st = await lstat(file).catch(() => undefined);
  if (!st) return;
  if (st.isSymbolicLink()) {
    const target = await resolveInRoot(ctx.paths.systemRoot, N.resolvConf);
    if (isGeneratedLinkTarget(target)) {
      await unlink(file);
      ctx.log.info({ event: 'nm.resolv' }, `removed the ${N.resolvConf} link to ${target}: NetworkManager writes its own`);
    }
    return;
  }
  const record = await readFile(ctx.host(N.netconfigMd5), 'utf8').catch(() => undefined);
  if (!isCustomResolvConf(await readFile(file, 'utf8'), record)) return;
  const name = staticName(await pathExists(ctx.host('/etc/resolv.conf.static')), now);
  await rename(file, ctx.host(`/etc/${name}`));
  await symlink(name, file);
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
  await ctx.exec.run(
    ['zypper', '--no-cd', '--non-interactive', '--gpg-auto-import-keys', '--root', root, 'remove', '--clean-deps', ...installed],
    {
      succeeded: zypperSucceeded,
      hint: 'remove the listed packages with zypper after the reboot',
    },
  );
}

/** Moves the host's wicked configuration to /var/migration/<stamp>/ (the original's rsync backup, then delete). */
async function backupSysconfigNetwork(ctx: StepContext): Promise<void> {
  const source = ctx.host(N.sysconfigNetwork);
  if (!(await pathExists(source))) return;
  const dest = ctx.host(path.posix.join(N.migrationBackups, backupStamp(new Date())));
  await mkdir(dest, { recursive: true });
  await ctx.exec.run(['rsync', '-a', '--relative', `${ctx.paths.systemRoot}/.${N.sysconfigNetwork}/`, `${dest}/`]);
  await rm(source, { recursive: true, force: true });
  ctx.log.info(
    { event: 'nm.backup', backup: dest.slice(ctx.paths.systemRoot.length) },
    `moved ${N.sysconfigNetwork} (the wicked configuration) to ${dest.slice(ctx.paths.systemRoot.length)}${N.sysconfigNetwork}`,
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
  async run(ctx) {
    await withStepError(
      'wicked to NetworkManager migration failed with:',
      'the host may boot without configured network: fix the cause and run again, or configure NetworkManager (nmcli) from the console after the reboot',
      async () => {
        await ensureNetworkManager(ctx);
        await switchServices(ctx);
        await installConnections(ctx);
        await handleResolvConf(ctx);
        const resolv = ctx.host(N.resolvConf);
        const hadResolv = await lstat(resolv).then(
          () => true,
          () => false,
        );
        if (hadResolv) await cp(resolv, RESOLV_BACKUP, { verbatimSymlinks: true, force: true });
        await removeWicked(ctx);
        await backupSysconfigNetwork(ctx);
        // Removing sysconfig-netconfig can take resolv.conf with it; the host must keep its name servers.
        if (
          hadResolv &&
          !(await lstat(resolv).then(
            () => true,
            () => false,
          ))
        ) {
          await cp(RESOLV_BACKUP, resolv, { verbatimSymlinks: true });
          ctx.log.info({ event: 'nm.resolv' }, `restored ${N.resolvConf}, removed with the wicked packages`);
        }
      },
    );
  },
};
