// Public-cloud (PAYG) hosts (SPEC 5.2, 7.1): region server config, Azure device, cloud-register cache and certificates.
import { readdir, stat } from 'node:fs/promises';
import { StepError } from '../../errors.js';
import { byIdLink, diskFromLsblk, findmntSourceArgv, lsblkParentsArgv, mountSource } from '../../system/block-device.js';
import { pathExists } from '../../system/fs.js';
import { certDirOf, needsAzureDevice, withAzureDevice } from '../../system/region-config.js';
import type { StepContext } from '../types.js';
import { writeContainerFile } from '../../system/container-files.js';

export const REGION_CONFIG = '/etc/regionserverclnt.cfg';
/** Cache of cloud-regionsrv-client: the first for clients 10.0.4 and later, the second before. */
export const CLOUD_CACHE_DIRS = ['/var/cache/cloudregister', '/var/lib/cloudregister'];
/** Where the container's cloud tools look for the cache. */
export const CONTAINER_CLOUD_CACHE = '/var/cache/cloudregister';
export const UPDATESMTCACHE = '/usr/sbin/updatesmtcache';

export interface CloudSetup {
  /** Region server certificate directory (same path on host and in the container). */
  certDir?: string;
  /** Host directory of the cloud-register cache. */
  cacheDir?: string;
}

/** Runs findmnt or lsblk for the Azure device; a failure stops prepare, as the original's Command.run raised. */
async function askBlockDevices(ctx: Pick<StepContext, 'exec'>, argv: string[]): Promise<string> {
  const result = await ctx.exec.run(argv, { quiet: true, allowFailure: true });
  if (result.ok) return result.stdout;
  const why = result.notFound ? 'not installed in the image' : `exit code ${result.exitCode}`;
  throw new StepError(
    `Azure: cannot find the disk of the host root for dataProvider --device: ${argv.join(' ')} failed (${why}): ${result.stderr.trim() || '(no output on stderr)'}`,
    `find the disk that holds / on the host (lsblk) and append \`--device /dev/disk/by-id/<its name>\` to dataProvider in [instance] of the host's ${REGION_CONFIG}; with --device there, prepare leaves it as it is`,
  );
}

/**
 * The by-id name of the disk holding the host root, or undefined (the config then stays as it is).
 * As the original (prepare.py get_root_disk_device): findmnt or lsblk failing stops prepare; no
 * output, no disk row or no by-id link leave the config unchanged.
 */
export async function hostRootDisk(ctx: Pick<StepContext, 'exec' | 'paths'>, byIdDir?: string): Promise<string | undefined> {
  const source = mountSource(await askBlockDevices(ctx, findmntSourceArgv(ctx.paths.systemRoot)));
  if (!source) return undefined;
  const disk = diskFromLsblk(await askBlockDevices(ctx, lsblkParentsArgv(source)));
  return disk ? byIdLink(disk, byIdDir) : undefined;
}

async function hasPem(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.pem'));
}

/**
 * Copies the host's regionserverclnt.cfg into the container; for Azure adds `--device <by-id disk>`
 * to the container copy only (the original rewrote the host's file). Returns the certificate directory.
 */
export async function setupRegionConfig(ctx: StepContext): Promise<string | undefined> {
  let text = await ctx.files.readOptional(REGION_CONFIG).catch(() => undefined);
  if (text === undefined) return undefined;
  if (needsAzureDevice(text)) {
    const device = await hostRootDisk(ctx);
    if (device) {
      text = withAzureDevice(text, device);
      ctx.log.info(
        { event: 'prepare.cloud', device },
        `Azure: dataProvider gets --device ${device} (in the container's copy; the host's file is unchanged)`,
      );
    } else {
      ctx.log.warn(
        { event: 'prepare.cloud' },
        'Azure: no /dev/disk/by-id name found for the disk of the host root; dataProvider left as it is',
      );
    }
  }
  await writeContainerFile(REGION_CONFIG, text);
  const certDir = certDirOf(text);
  ctx.log.info(
    { event: 'prepare.cloud', certDir },
    `copied host ${REGION_CONFIG} to the container; region server certificates in ${certDir}`,
  );
  if (!(await hasPem(ctx.host(certDir)))) ctx.log.warn({ event: 'prepare.cloud' }, `the host's ${certDir} has no *.pem certificate`);
  return certDir;
}

/** When /etc/hosts names susecloud.net: the first cache directory with an SMT entry, else the step fails. */
export async function findCloudCache(ctx: StepContext, hostsText: string): Promise<string | undefined> {
  if (!hostsText.includes('susecloud.net')) return undefined;
  for (const dir of CLOUD_CACHE_DIRS) {
    const names = await readdir(ctx.host(dir)).catch(() => undefined);
    if (names?.some((n) => n.includes('SMT'))) {
      ctx.log.info(
        { event: 'prepare.cloud', cacheDir: dir },
        `host is registered to the SUSE public cloud update infrastructure; cloud-register cache: ${dir}`,
      );
      return dir;
    }
  }
  throw new StepError(
    `No cloud-regionsrv-client cache files found in ${CLOUD_CACHE_DIRS.join(' or ')} (the host's /etc/hosts names susecloud.net)`,
    'register the instance again on the host with `registercloudguest --force-new`, then run the migration again',
  );
}

/** Binds the cache and certificate directories and refreshes the SMT cache, as the container's cloud tools expect. */
export async function bindCloud(ctx: StepContext, setup: CloudSetup): Promise<void> {
  if (setup.cacheDir) await ctx.mounts.bind(ctx.host(setup.cacheDir), CONTAINER_CLOUD_CACHE);
  if (
    setup.certDir &&
    (await stat(ctx.host(setup.certDir)).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    await ctx.mounts.bind(ctx.host(setup.certDir), setup.certDir);
    if (!(await hasPem(setup.certDir)))
      ctx.log.warn({ event: 'prepare.cloud' }, `no *.pem certificate in ${setup.certDir} after binding it`);
    if (await pathExists(UPDATESMTCACHE)) {
      await ctx.exec.run([UPDATESMTCACHE], {
        hint: 'the region server cache could not be refreshed; check the instance can reach its region servers (registercloudguest --force-new on the host)',
      });
    }
  }
}
