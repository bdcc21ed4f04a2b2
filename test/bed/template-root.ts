// The cached, zypper-installed "SLES 12 SP5" and "SLES 15 SP7" template roots that system roots are copied from,
// of the machine's architecture or of another architecture of SLES.
import { appendFile, chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isForeign, machineArch } from './arch.js';
import { buildOnce } from './cache.js';
import { bedSources, hashOf } from './hash.js';
import { sles12InstallList, sles15InstallList } from './packages.js';
import { cacheRoot } from './paths.js';
import { ensureRepos, reposHash } from './repos.js';
import { ZYPP_CONF } from './rpm-env.js';
import { zypper } from './zypper.js';

/** Alias of the installation repository; removed again once the template is installed. */
const INSTALL_ALIAS = 'SLES-Installation';

/** The releases a template root can have: 12.5 (the SLE 15 tests) or 15.7 (the SLE 16 tests). */
export type TemplateRelease = '12.5' | '15.7';

function installList(release: TemplateRelease, arch: string): string[] {
  return release === '12.5' ? sles12InstallList(arch) : sles15InstallList(arch);
}

const TEMPLATE_SOURCES = ['template-root.ts', 'zypper.ts', 'rpm-env.ts', 'cache.ts'];

export const ISSUE = 'Welcome to SUSE Linux Enterprise Server 12 SP5  (x86_64) - Kernel \\r (\\l).\n\n';
export const HOSTS = '127.0.0.1\tlocalhost\n::1\t\tlocalhost ipv6-localhost ipv6-loopback\n10.0.0.12\tsles12sp5.example.com sles12sp5\n';
/** The line a "user" appended to /etc/demo.conf and /etc/demo-strict.conf. */
export const USER_EDIT = '# edited by the administrator\nuser_setting = 42\n';

/**
 * The zypp.conf of a foreign-arch root: libzypp takes `arch` as the system architecture instead of
 * the machine's. The bed's zypper and the migration's (which binds the root's /etc/zypp) read it.
 */
export function archZyppConf(arch: string): string {
  return `[main]\n# A synthetic ${arch} system on another machine: the architecture zypper installs for.\narch = ${arch}\n`;
}

/**
 * Installs `names` (default: the SLES 12 SP5 package list) from `repo` into the empty directory `root`;
 * a foreign `arch` first gets its zypp.conf (`arch = ...`), which stays in the root.
 */
export async function installRoot(
  root: string,
  repo: string,
  names: string[] = sles12InstallList(machineArch()),
  arch: string = machineArch(),
): Promise<void> {
  await chmod(root, 0o755);
  await mkdir(path.join(root, 'var/log'), { recursive: true });
  if (isForeign(arch)) {
    await mkdir(path.join(root, path.dirname(ZYPP_CONF)), { recursive: true });
    await writeFile(path.join(root, ZYPP_CONF), archZyppConf(arch));
  }
  await zypper(root, ['ar', '--no-gpgcheck', pathToFileURL(repo).href, INSTALL_ALIAS]);
  await zypper(root, ['in', '-y', '--auto-agree-with-licenses', '--no-recommends', ...names]);
  await zypper(root, ['rr', INSTALL_ALIAS]);
  await rm(path.join(root, 'run/zypp.pid'), { force: true });
}

/** What an administrator of the machine did after installation. */
export async function customize(root: string, release: TemplateRelease = '12.5', arch: string = machineArch()): Promise<void> {
  const at = (p: string) => path.join(root, p);
  await writeFile(at('etc/hosts'), HOSTS);
  const issue = release === '12.5' ? ISSUE : ISSUE.replace('12 SP5', '15 SP7');
  await writeFile(at('etc/issue'), issue.replace('(x86_64)', `(${arch})`));
  await mkdir(at('usr/lib/zypp/plugins/services'), { recursive: true });
  await mkdir(at('etc/zypp/repos.d'), { recursive: true });
  await appendFile(at('etc/demo.conf'), USER_EDIT);
  await appendFile(at('etc/demo-strict.conf'), USER_EDIT);
}

/** Cache key of a template root; a foreign arch adds its name (the machine's own templates keep their keys). */
export async function templateHash(release: TemplateRelease = '12.5', arch: string = machineArch()): Promise<string> {
  return hashOf([
    await reposHash(arch),
    ...(await bedSources(TEMPLATE_SOURCES)),
    release,
    ...installList(release, arch),
    ...(isForeign(arch) ? [`arch ${arch}`] : []),
  ]);
}

const memo = new Map<string, Promise<string>>();

/** Path of the template root of `release` and `arch` (read-only by convention: copy it, never change it). */
export function ensureTemplateRoot(release: TemplateRelease = '12.5', arch: string = machineArch()): Promise<string> {
  const key = `${release}/${arch}`;
  let p = memo.get(key);
  if (!p) {
    p = (async () => {
      const repos = await ensureRepos({ arch });
      const dirName = ['template-root', ...(release === '12.5' ? [] : [release]), ...(isForeign(arch) ? [arch] : [])].join('-');
      const final = path.join(cacheRoot(), await templateHash(release, arch), dirName);
      return buildOnce(final, async (tmp) => {
        await installRoot(tmp, release === '12.5' ? repos.sles12 : repos.sles15, installList(release, arch), arch);
        await customize(tmp, release, arch);
      });
    })();
    memo.set(key, p);
    p.catch(() => memo.delete(key));
  }
  return p;
}
