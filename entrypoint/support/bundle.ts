// `support-bundle`: one tar archive with everything support needs about a migration, secrets redacted.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onHost, type ContainerPaths } from '../paths.js';
import type { Exec } from '../system/exec.js';
import { pathExists } from '../system/fs.js';
import { addGenerated, collectHostFiles, type Manifest } from './collect.js';
import { hostRpm, rpmDbPath } from '../system/rpm-db.js';

export const BUNDLE_DIR = '/var/log';

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

async function commandOutput(exec: Exec, argv: string[]): Promise<string> {
  const r = await exec.run(argv, { allowFailure: true, quiet: true });
  return `$ ${argv.join(' ')}\n# exit code ${r.exitCode}\n${r.stdout}${r.stderr ? `\n# stderr:\n${r.stderr}` : ''}`;
}

/** Builds the archive on the host; returns its host path. */
export async function writeSupportBundle(paths: ContainerPaths, exec: Exec, effectiveConfig: string, now = new Date()): Promise<string> {
  const name = `distro_migration.support-${stamp(now)}`;
  const staging = path.join(await mkdtemp(path.join(tmpdir(), 'dms-bundle-')), name);
  const manifest: Manifest = { created: now.toISOString(), included: [], missing: [], truncated: [], generated: [] };
  try {
    // A host with none of the files collected still gets its bundle (the generated files need the folder).
    await mkdir(staging, { recursive: true });
    await collectHostFiles(paths.systemRoot, staging, manifest);
    await addGenerated(staging, 'config.effective.yml', effectiveConfig, manifest);
    const ledger = await readFile(paths.ledger, 'utf8').catch(
      () => '(no mount ledger: nothing mounted by a migration in this container)\n',
    );
    const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
    await addGenerated(
      staging,
      'mounts.txt',
      `# mount ledger ${paths.ledger}\n${ledger}\n# /proc/self/mountinfo of the container\n${mountinfo}`,
      manifest,
    );
    // Only query an existing database: rpm would create an empty one otherwise.
    const dbPath = await rpmDbPath(paths.systemRoot);
    if (await pathExists(onHost(paths.systemRoot, dbPath))) {
      await addGenerated(staging, 'rpm-qa.txt', await commandOutput(exec, await hostRpm(paths.systemRoot, '-qa', '--last')), manifest);
    }
    await writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const hostPath = path.posix.join(BUNDLE_DIR, `${name}.tar.gz`);
    const archive = onHost(paths.systemRoot, hostPath);
    await writeFile(archive, '', { mode: 0o600 });
    await exec.run(['tar', '-czf', archive, '-C', path.dirname(staging), name], { quiet: true });
    // Only root reads it: it holds the logs and the configuration of the host.
    await chmod(archive, 0o600);
    return hostPath;
  } finally {
    await rm(path.dirname(staging), { recursive: true, force: true });
  }
}
