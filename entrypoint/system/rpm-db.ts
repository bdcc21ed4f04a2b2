// The host root's rpm database: where it is, and the one reader of its package list.
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onHost } from '../paths.js';
import type { Exec } from './exec.js';

/** SLE 15 and later keep the database here (/var/lib/rpm becomes a link to it); SLE 12 in /var/lib/rpm. */
const SYSIMAGE = '/usr/lib/sysimage/rpm';
const LEGACY = '/var/lib/rpm';
/** The files of rpm's database back ends: bdb, ndb, sqlite. */
const DB_FILES = ['Packages', 'Packages.db', 'rpmdb.sqlite'];

async function holdsDatabase(dir: string): Promise<boolean | undefined> {
  const names = await readdir(dir).catch(() => undefined);
  return names === undefined ? undefined : names.some((n) => DB_FILES.includes(n));
}

/**
 * The database directory inside the root: the first location holding a database (an empty
 * /usr/lib/sysimage/rpm next to a SLE 12 database in /var/lib/rpm does not count), else the location
 * that exists, else /var/lib/rpm. The container's rpm has its own default, which may be neither.
 */
export async function rpmDbPath(root: string): Promise<string> {
  const found = await Promise.all([SYSIMAGE, LEGACY].map((dir) => holdsDatabase(onHost(root, dir))));
  if (found[0]) return SYSIMAGE;
  if (found[1]) return LEGACY;
  return found[0] === false ? SYSIMAGE : LEGACY;
}

/** Whether the root has an rpm database at all (a query against none would create an empty one). */
export async function hasRpmDatabase(root: string): Promise<boolean> {
  return Boolean(await holdsDatabase(onHost(root, await rpmDbPath(root))));
}

let emptyDb: Promise<string> | undefined;

/** `rpm` against a private, empty database of the container (made once): it knows no package, and writes nothing into a host. */
export async function emptyDbRpm(...args: string[]): Promise<string[]> {
  if (!emptyDb) emptyDb = mkdtemp(path.join(os.tmpdir(), 'dms-no-rpmdb-'));
  return ['rpm', '--dbpath', await emptyDb, ...args];
}

/** `rpm` against the root's own database: `rpm --root <root> --dbpath <db> ...args`. */
export async function hostRpm(root: string, ...args: string[]): Promise<string[]> {
  return ['rpm', '--root', root, '--dbpath', await rpmDbPath(root), ...args];
}

/** name -> installed "version-release.arch" strings, sorted (several for multiversion packages such as kernels). */
export type PackageSet = Map<string, string[]>;

const QUERY_FORMAT = '%{NAME} %{VERSION}-%{RELEASE}.%{ARCH}\\n';

/** Parses `rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}.%{ARCH}\n'` (gpg-pubkey entries are keys, not packages). */
export function parsePackageList(text: string): PackageSet {
  const out: PackageSet = new Map();
  for (const line of text.split('\n')) {
    const [name, evr] = line.trim().split(/\s+/);
    if (!name || !evr || name === 'gpg-pubkey') continue;
    out.set(name, [...(out.get(name) ?? []), evr].sort());
  }
  return out;
}

/** Every package of the root, or undefined when rpm cannot read its database (callers say so). */
export async function installedPackages(exec: Exec, root: string): Promise<PackageSet | undefined> {
  const result = await exec
    .run(await hostRpm(root, '-qa', '--qf', QUERY_FORMAT), { allowFailure: true, quiet: true })
    .catch(() => undefined);
  return result?.ok ? parsePackageList(result.stdout) : undefined;
}
