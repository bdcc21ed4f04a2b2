// Environment for every rpm/rpmbuild/zypper call of the bed: a private HOME whose .rpmmacros sets the SUSE db path.
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot } from './paths.js';

/** Debian's rpm defaults to ~/.rpmdb; SUSE keeps the database in /var/lib/rpm of the root. */
export const RPMMACROS = '%_dbpath /var/lib/rpm\n';
/**
 * Debian's rpm prints "RPM should not be used directly install RPM packages, use Alien instead!"
 * on every install unless given --force-debian; zypper always passes --percent, so alias that.
 */
export const POPT = 'rpm alias --percent --force-debian --percent\n';

const HOME_FILES: Record<string, string> = { '.rpmmacros': RPMMACROS, '.popt': POPT };

let homePromise: Promise<string> | undefined;

/** A private HOME (never the real one) containing only .rpmmacros and .popt. */
export function bedHome(): Promise<string> {
  homePromise ??= (async () => {
    const home = path.join(cacheRoot(), 'home');
    await mkdir(home, { recursive: true });
    for (const [name, content] of Object.entries(HOME_FILES)) {
      const file = path.join(home, name);
      if ((await readFile(file, 'utf8').catch(() => '')) === content) continue;
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, content);
      await rename(tmp, file);
    }
    return home;
  })();
  return homePromise;
}

/**
 * Environment overrides for rpm/zypper. With `root`, zypper's lock file goes to <root>/run/zypp.pid
 * instead of the host's /run/zypp.pid (so several roots can be worked on at once) and its log to
 * <root>/var/log/zypper.log instead of the host's /var/log/zypper.log; a root with its own
 * /etc/zypp/zypp.conf gets it (ZYPP_CONF), as the migration's zypper does (it binds the host's
 * /etc/zypp): zypper --root reads the machine's zypp.conf otherwise, and a foreign-arch root's
 * `arch =` would be ignored.
 */
export async function bedEnv(root?: string): Promise<Record<string, string>> {
  const env: Record<string, string> = { HOME: await bedHome() };
  if (root !== undefined) {
    env.ZYPP_LOCKFILE_ROOT = root;
    env.ZYPP_LOGFILE = path.join(root, 'var/log/zypper.log');
    const conf = path.join(root, ZYPP_CONF);
    if (
      await access(conf).then(
        () => true,
        () => false,
      )
    )
      env.ZYPP_CONF = conf;
  }
  return env;
}

/** zypp.conf of a root, relative to it. */
export const ZYPP_CONF = 'etc/zypp/zypp.conf';
