// The host package dms-migrate built with rpmbuild from scripts/rpm, and a stand-in package for what it requires.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { bedEnv } from '../bed/rpm-env.js';
import { REPO, SHIM } from './shim.js';

export const SPEC = path.join(REPO, 'scripts/rpm/dms-migrate.spec');
/** The package's changelog in SUSE's format, next to the spec as the build service wants it. */
export const CHANGES = path.join(REPO, 'scripts/rpm/dms-migrate.changes');
export const MAN = path.join(REPO, 'docs/migrate.8');
export const COMPLETION = path.join(REPO, 'scripts/rpm/migrate.bash-completion');
export const LICENSE = path.join(REPO, 'LICENSE');
/** rpmlint settings of openSUSE's configuration that Debian's rpmlint lacks (each one explained in the file). */
export const RPMLINT_CONFIG = path.join(REPO, 'scripts/rpm/rpmlint.toml');

/** The build service's changelog converter: Debian's obs-build package, or SUSE's build package. */
function changelog2spec(): string {
  const found = ['/usr/lib/obs-build/changelog2spec', '/usr/lib/build/changelog2spec'].find((candidate) => existsSync(candidate));
  if (!found) throw new Error('changelog2spec is missing: install the obs-build package (scripts/lib/setup-host.mjs does)');
  return found;
}

/**
 * The spec as the build service builds it: the .changes next to it converted by changelog2spec and appended
 * to its (empty) changelog section; `--test` refuses a .changes whose entries are not newest first.
 */
async function specWithChangelog(dir: string, spec = SPEC): Promise<string> {
  const changelog = (await execa(changelog2spec(), ['--test', '--target', 'rpm', '--file', spec])).stdout;
  await mkdir(dir, { recursive: true });
  const built = path.join(dir, path.basename(spec));
  await writeFile(built, `${await readFile(spec, 'utf8')}${changelog}\n`);
  return built;
}

/** rpmbuild -bb of `spec` with `sources` in a fresh _topdir under `dir`; returns the one RPM it built. */
export async function rpmbuild(dir: string, spec: string, sources: string[]): Promise<string> {
  const src = path.join(dir, 'SOURCES');
  await mkdir(src, { recursive: true });
  for (const file of sources) await copyFile(file, path.join(src, path.basename(file)));
  const top = path.join(dir, 'top');
  await execa('rpmbuild', ['-bb', '--define', `_topdir ${top}`, '--define', `_sourcedir ${src}`, spec], { env: await bedEnv() });
  const { stdout } = await execa('find', [path.join(top, 'RPMS'), '-name', '*.rpm']);
  const rpms = stdout.split('\n').filter(Boolean);
  if (rpms.length !== 1) throw new Error(`rpmbuild ${spec} built ${rpms.length} packages, not one:\n${stdout}`);
  return rpms[0]!;
}

/** The sources of dms-migrate (Source0..3 of the spec). */
const HOST_PACKAGE_SOURCES = [SHIM, MAN, COMPLETION, LICENSE];

/** The host package dms-migrate (scripts/migrate, its man page and completion) with its changelog, from `spec`. */
export async function buildHostPackage(dir: string, spec = SPEC): Promise<string> {
  const built = await specWithChangelog(path.join(dir, 'spec'), spec);
  return rpmbuild(path.join(dir, 'shim'), built, HOST_PACKAGE_SOURCES);
}

/** What the shim's package requires that a bare synthetic root lacks, provided by one stand-in package. */
export function standinProviderSpec(): string {
  return `Name: dms-standin-host-tools
Version: 1
Release: 0
Summary: Test stand-in that provides the host tools the shim requires (podman, bash, util-linux ...)
License: MIT
BuildArch: noarch
Provides: podman bash /bin/bash util-linux coreutils grep sed dracut systemd udev
%description
Stand-in for the SLES packages podman, bash, util-linux, coreutils, grep, sed, dracut, systemd and udev in a synthetic root.
%files
`;
}

/** Builds the stand-in provider package (see standinProviderSpec). */
export async function buildStandinProvider(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const spec = path.join(dir, 'standin.spec');
  await writeFile(spec, standinProviderSpec());
  return rpmbuild(path.join(dir, 'standin'), spec, []);
}
