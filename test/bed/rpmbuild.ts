// Builds one repository: one rpmbuild run over the generated spec, then createrepo_c.
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { RepoDef } from './model.js';
import { bedEnv } from './rpm-env.js';
import { RPMBUILD_DEFINES, SOURCE_DATE_EPOCH, specText, writeTree } from './spec.js';

/**
 * Builds all packages of `repo` into `outDir` (<arch>/*.rpm) and writes outDir/repodata.
 * `target`: the architecture of the arch-specific packages when it is not the machine's (rpmbuild --target).
 */
export async function buildRepo(repo: RepoDef, outDir: string, target?: string): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), `testbed-rpmbuild-${repo.id}-`));
  try {
    const top = path.join(work, 'top');
    const spec = path.join(work, `${repo.id}.spec`);
    await writeTree(repo, path.join(top, 'SOURCES', 'tree'));
    await writeFile(spec, specText(repo));
    const defines = Object.entries({ ...RPMBUILD_DEFINES, _topdir: top, _tmppath: work }).flatMap(([k, v]) => ['--define', `${k} ${v}`]);
    const targetArgs = target === undefined ? [] : ['--target', target];
    await execa('rpmbuild', ['-bb', '--quiet', ...targetArgs, ...defines, spec], {
      env: { ...(await bedEnv()), SOURCE_DATE_EPOCH, TMPDIR: work },
    });
    await mkdir(outDir, { recursive: true });
    const rpms = path.join(top, 'RPMS');
    for (const arch of await readdir(rpms)) await rename(path.join(rpms, arch), path.join(outDir, arch));
    await indexRepo(repo, outDir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** (Re)writes outDir/repodata for the packages below outDir (createrepo_c). */
export async function indexRepo(repo: Pick<RepoDef, 'cpe' | 'label'>, outDir: string): Promise<void> {
  await execa('createrepo_c', [
    '--quiet',
    '--no-database',
    '--general-compress-type=gz',
    `--distro=${repo.cpe},${repo.label}`,
    '--content=pool',
    outDir,
  ]);
}
