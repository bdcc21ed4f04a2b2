// The host package dms-migrate built with rpmbuild from scripts/rpm, and a stand-in package for what it requires.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { bedEnv } from '../bed/rpm-env.js';
import { REPO, SHIM } from './shim.js';

export const SPEC = path.join(REPO, 'scripts/rpm/dms-migrate.spec');
export const MAN = path.join(REPO, 'docs/migrate.8');
export const COMPLETION = path.join(REPO, 'scripts/rpm/migrate.bash-completion');

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

/** The host package dms-migrate (scripts/migrate, its man page and completion). */
export function buildHostPackage(dir: string): Promise<string> {
  return rpmbuild(path.join(dir, 'shim'), SPEC, [SHIM, MAN, COMPLETION]);
}

/** What the shim's package requires that a bare synthetic root lacks, provided by one stand-in package. */
export function standinProviderSpec(): string {
  return `Name: dms-standin-host-tools
Version: 1
Release: 0
Summary: Test stand-in that provides the host tools the shim requires (podman, bash, util-linux ...)
License: MIT
BuildArch: noarch
Provides: podman bash /bin/bash util-linux coreutils grep sed
%description
Stand-in for the SLES packages podman, bash, util-linux, coreutils, grep and sed in a synthetic root.
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
