// Stand-ins for SUSE-only programs and services in image tests, and how a test puts them in place.
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export {
  goShapedTarget,
  connectNgFixture,
  type SccCaseName,
  sccCase,
  type SccProduct,
  type SccStandin,
  type SccStandinOptions,
  startSccStandin,
} from './scc-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Bind mounts that put the container-side stand-ins where the real programs live in the production image. */
export function containerStandins(): { source: string; target: string }[] {
  return [
    { source: path.join(here, 'zypper-migration'), target: '/usr/lib/zypper/commands/zypper-migration' },
    { source: path.join(here, 'updatesmtcache'), target: '/usr/sbin/updatesmtcache' },
  ];
}

export const SCC_USER = 'SCC_0123456789abcdef';
export const SCC_PASSWORD = 'standin-system-password';

/** Installs the SUSEConnect stand-in into a synthetic host root (run there by chroot). */
export async function installSuseConnect(root: string): Promise<void> {
  await mkdir(path.join(root, 'usr/bin'), { recursive: true });
  await copyFile(path.join(here, 'SUSEConnect'), path.join(root, 'usr/bin/SUSEConnect'));
  await chmod(path.join(root, 'usr/bin/SUSEConnect'), 0o755);
}

/**
 * Makes a synthetic root look like a host registered against `serverUrl`: SUSEConnect's config and
 * credentials as `SUSEConnect -r` writes them. With `product` (NAME/VERSION/ARCH) the product is activated
 * as SUSEConnect activates it: `POST /connect/systems/products`, then its service added with real zypper
 * (`addservice -t ris`, the service's credentials file, `refs`), so the root has SCC's service repositories.
 */
export async function registerRoot(root: string, serverUrl: string, opts: { product?: string } = {}): Promise<void> {
  await installSuseConnect(root);
  await writeFile(path.join(root, 'etc/SUSEConnect'), `---\nurl: ${serverUrl}\ninsecure: false\n`);
  await mkdir(path.join(root, 'etc/zypp/credentials.d'), { recursive: true });
  const credentials = `username=${SCC_USER}\npassword=${SCC_PASSWORD}\n`;
  await writeFile(path.join(root, 'etc/zypp/credentials.d/SCCcredentials'), credentials);
  if (!opts.product) return;
  // The test bed's repositories are unsigned, and a service's repoindex.xml cannot say gpgcheck=0 (libzypp
  // ignores it): the host turns GPG checks off in its zypp.conf, which the image binds over the container's.
  await writeFile(path.join(root, 'etc/zypp/zypp.conf'), '[main]\ngpgcheck = off\n');
  const [identifier, version, arch] = opts.product.split('/');
  const response = await fetch(`${serverUrl}/connect/systems/products`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${SCC_USER}:${SCC_PASSWORD}`).toString('base64')}`,
    },
    body: JSON.stringify({ identifier, version, arch, token: 'STANDIN-REGCODE' }),
  });
  const service = (await response.json()) as { name: string; url: string };
  await execa('zypper', ['--root', root, '--non-interactive', 'addservice', '-t', 'ris', service.url, service.name]);
  await writeFile(path.join(root, 'etc/zypp/credentials.d', service.name), credentials, { mode: 0o600 });
  await execa('zypper', ['--root', root, '--non-interactive', 'refs', service.name]);
}

/** What the zypper-migration stand-in recorded in the container's /var/log. */
export interface MigrationRecord {
  argv: string[];
  env: Record<string, string>;
  seen: {
    suseconnect: string | null;
    regionConfig: string | null;
    trustAnchors: string[] | null;
    shareTrustAnchors: string[] | null;
    cloudCache: string[] | null;
    zyppRepos: string[] | null;
    sysconfigProxy: string | null;
    hostsHasSusecloud: boolean;
  };
}

export async function readMigrationRecord(logDir: string): Promise<MigrationRecord> {
  return JSON.parse(await readFile(path.join(logDir, 'zypper-migration-standin.json'), 'utf8')) as MigrationRecord;
}
