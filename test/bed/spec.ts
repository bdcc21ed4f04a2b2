// Turns a RepoDef into one RPM spec (all packages as `%package -n` subpackages) plus the file tree it installs.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileDef, PackageDef, RepoDef, ScriptletName } from './model.js';

/** Macros that keep rpmbuild fast and free of host-specific post-processing. */
export const RPMBUILD_DEFINES: Record<string, string> = {
  debug_package: '%{nil}',
  _build_id_links: 'none',
  __strip: '/bin/true',
  __os_install_post: '%{nil}',
  __arch_install_post: '%{nil}',
  _binary_payload: 'w6.gzdio',
  _buildhost: 'testbed.example.com',
  use_source_date_epoch_as_buildtime: '1',
  clamp_mtime_to_source_epoch: '1',
};
/** Fixed build time so that identical definitions give identical packages. */
export const SOURCE_DATE_EPOCH = '1700000000';

function fileLine(f: FileDef): string {
  switch (f.kind) {
    case 'dir':
      return `%dir ${f.path}`;
    case 'file':
      if (f.config === 'noreplace') return `%config(noreplace) ${f.path}`;
      if (f.config === 'config') return `%config ${f.path}`;
      return f.path;
    default:
      return f.path;
  }
}

function deps(tag: string, list: string[] | undefined): string[] {
  return (list ?? []).map((d) => `${tag}: ${d}`);
}

function subpackage(p: PackageDef): string {
  const head = [
    `%package -n ${p.name}`,
    `Version: ${p.version}`,
    `Release: ${p.release}`,
    `Summary: ${p.summary}`,
    ...(p.noarch ? ['BuildArch: noarch'] : []),
    ...(p.autoReqProv === false ? ['AutoReqProv: no'] : []),
    ...deps('Requires', p.requires),
    ...deps('Requires(post)', p.requiresPost),
    ...deps('Provides', p.provides),
    ...deps('Obsoletes', p.obsoletes),
    ...deps('Conflicts', p.conflicts),
    '',
    `%description -n ${p.name}`,
    `${p.summary}.`,
    '',
  ];
  const scripts = Object.entries(p.scripts ?? {}).flatMap(([phase, body]) => [`%${phase as ScriptletName} -n ${p.name}`, body ?? '', '']);
  const files = [`%files -n ${p.name}`, '%defattr(-,root,root,-)', ...p.files.map(fileLine), ''];
  return [...head, ...scripts, ...files].join('\n');
}

export function specText(repo: RepoDef): string {
  return [
    `Name: testbed-${repo.id}`,
    'Version: 1',
    'Release: 1',
    `Summary: Synthetic ${repo.label} packages`,
    'License: GPL-2.0-or-later',
    'Vendor: SUSE LLC <https://www.suse.com/>',
    `Distribution: ${repo.label}`,
    '',
    '%description',
    `Synthetic ${repo.label} packages for the DMS test bed.`,
    '',
    '%install',
    'cp -a %{_sourcedir}/tree/. %{buildroot}/',
    '',
    ...repo.packages.map(subpackage),
  ].join('\n');
}

/** Writes every file of every package below `tree` (which becomes %{buildroot}). */
export async function writeTree(repo: RepoDef, tree: string): Promise<void> {
  await mkdir(tree, { recursive: true });
  for (const f of repo.packages.flatMap((p) => p.files)) {
    const dest = path.join(tree, f.path);
    await mkdir(path.dirname(dest), { recursive: true });
    switch (f.kind) {
      case 'dir':
        await mkdir(dest, { recursive: true });
        break;
      case 'file':
        await writeFile(dest, f.content);
        break;
      case 'copy':
        await copyFile(f.from, dest);
        break;
      case 'random':
        await writeFile(dest, randomBytes(f.size));
        break;
      case 'symlink':
        await symlink(f.target, dest);
        break;
    }
    if (f.kind !== 'symlink' && f.mode !== undefined) await chmod(dest, f.mode);
  }
}
