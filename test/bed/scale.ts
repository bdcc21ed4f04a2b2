// Large synthetic repositories and roots for the benchmark: the bed's packages plus filler packages, cached per size.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { machineArch } from './arch.js';
import { buildOnce } from './cache.js';
import { hashOf } from './hash.js';
import type { FileDef, PackageDef, RepoDef } from './model.js';
import { repoDefs, sles12InstallList } from './packages.js';
import { bedSource, cacheRoot } from './paths.js';
import { reposHash, type Repos } from './repos.js';
import { buildRepo } from './rpmbuild.js';
import { customize, installRoot, templateHash } from './template-root.js';

export interface ScaleOptions {
  /** Packages installed in the root (the bed's own ones count too; at least those are made). */
  packages: number;
  /** Random payload per SLES 15 filler package, in KiB: the download size (0 = tiny packages). */
  payloadKiB: number;
}

export interface ScaledBed extends Omit<Repos, 'sles16'> {
  /** Installed SLES 12 SP5 template root with `packages` packages; copy it, never change it. */
  template: string;
  /** Packages of the template root (= of the sles12 repository). */
  installed: number;
}

const pad = (i: number) => String(i).padStart(5, '0');

/** Filler packages of one generation: version 1.0 in 12, 2.0 (with payload) in 15; each requires its "parent". */
export function fillerPackages(count: number, major: 12 | 15, payloadKiB: number): PackageDef[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `filler-${pad(i)}`;
    const dir = `/usr/share/filler/${name}`;
    const files: FileDef[] = [
      { kind: 'dir', path: dir, mode: 0o755 },
      { kind: 'file', path: `${dir}/VERSION`, content: `${name} of SLES ${major}\n`, mode: 0o644 },
    ];
    if (major === 15 && payloadKiB > 0) files.push({ kind: 'random', path: `${dir}/payload`, size: payloadKiB * 1024, mode: 0o644 });
    return {
      name,
      noarch: true,
      summary: `Filler package ${i} of the benchmark`,
      version: major === 12 ? '1.0' : '2.0',
      release: major === 12 ? '1.1' : '150700.1.1',
      requires: ['filesystem', ...(i > 0 ? [`filler-${pad(Math.floor((i - 1) / 2))}`] : [])],
      files,
    };
  });
}

/** The bed's two repositories, each with enough filler packages that a SLES 12 root has `o.packages` packages. */
export function scaledRepoDefs(arch: string, o: ScaleOptions): { sles12: RepoDef; sles15: RepoDef } {
  const base = repoDefs(arch);
  const fillers = Math.max(0, o.packages - sles12InstallList(arch).length);
  return {
    sles12: { ...base.sles12, packages: [...base.sles12.packages, ...fillerPackages(fillers, 12, 0)] },
    sles15: { ...base.sles15, packages: [...base.sles15.packages, ...fillerPackages(fillers, 15, o.payloadKiB)] },
  };
}

async function scaleHash(o: ScaleOptions): Promise<string> {
  return hashOf([await reposHash(), await templateHash(), await readFile(bedSource('scale.ts'), 'utf8'), JSON.stringify(o)]);
}

/** Builds (once, cached under .cache/testbed/scale-<hash>) the repositories and the template root of this size. */
export async function ensureScaledBed(o: ScaleOptions): Promise<ScaledBed> {
  const arch = machineArch();
  const defs = scaledRepoDefs(arch, o);
  const dir = path.join(cacheRoot(), `scale-${o.packages}-${o.payloadKiB}k-${await scaleHash(o)}`);
  const repos = await buildOnce(path.join(dir, 'repos'), async (tmp) => {
    await Promise.all([buildRepo(defs.sles12, path.join(tmp, 'sles12')), buildRepo(defs.sles15, path.join(tmp, 'sles15'))]);
  });
  const names = defs.sles12.packages.map((p) => p.name);
  const template = await buildOnce(path.join(dir, 'template-root'), async (tmp) => {
    await installRoot(tmp, path.join(repos, 'sles12'), names);
    await customize(tmp);
  });
  return { sles12: path.join(repos, 'sles12'), sles15: path.join(repos, 'sles15'), template, installed: names.length };
}
