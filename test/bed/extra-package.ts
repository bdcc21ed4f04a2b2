// Extra packages a test installs into its own bed root: e.g. a third-party agent that blocks the upgrade.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isForeign, machineArch } from './arch.js';
import { buildOnce } from './cache.js';
import { hashOf } from './hash.js';
import type { PackageDef, RepoDef } from './model.js';
import { cacheRoot } from './paths.js';
import { buildRepo } from './rpmbuild.js';
import { specText } from './spec.js';
import { zypper } from './zypper.js';

/**
 * A vendor's agent that only works with SLES 12 (`Requires: sles-release < 15`): with it installed,
 * `zypper dup` to SLES 15 SP7 has a solver problem (upgrade sles-release or keep the agent).
 */
export const LEGACY_AGENT: PackageDef = {
  name: 'legacy-agent',
  version: '3.1',
  release: '1',
  summary: 'Monitoring agent certified for SLES 12 only',
  noarch: true,
  requires: ['sles-release < 15'],
  files: [{ kind: 'file', path: '/opt/legacy-agent/VERSION', content: '3.1\n' }],
};

function extraRepo(packages: PackageDef[]): RepoDef {
  return { id: 'extra', label: 'Extra packages', cpe: 'cpe:/a:example:extra:1', packages };
}

/**
 * Builds (cached) a one-off repository of `packages`; returns its directory (<arch>/*.rpm, repodata).
 * `arch`: the architecture of its arch-specific packages (default: the machine's; another one: rpmbuild --target).
 */
export async function buildExtraRepo(packages: PackageDef[], arch: string = machineArch()): Promise<string> {
  const repo = extraRepo(packages);
  const target = isForeign(arch) ? arch : undefined;
  const key = hashOf([specText(repo), JSON.stringify(repo), ...(target ? [`rpmbuild --target ${target}`] : [])]);
  return buildOnce(path.join(cacheRoot(), `extra-${key}`), (tmp) => buildRepo(repo, tmp, target));
}

/** Installs `packages` into `root` with zypper from a one-off repository, which is removed again. */
export async function installExtraPackages(root: string, packages: PackageDef[]): Promise<void> {
  const dir = await buildExtraRepo(packages);
  await zypper(root, ['ar', '--no-gpgcheck', pathToFileURL(dir).href, 'extra-install']);
  try {
    await zypper(root, ['in', '-y', '--no-recommends', ...packages.map((p) => p.name)]);
  } finally {
    await zypper(root, ['rr', 'extra-install']);
  }
}
