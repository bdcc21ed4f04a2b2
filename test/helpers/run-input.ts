// What runMigration gets, for unit tests of the runner: a temp host root, dup-mode facts, a silent logger.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULTS, type MigrationConfig } from '../../entrypoint/config/schema.js';
import { createLogger } from '../../entrypoint/log/logger.js';
import { type ContainerPaths, onHost } from '../../entrypoint/paths.js';
import type { RunInput } from '../../entrypoint/run/migration.js';
import { Exec } from '../../entrypoint/system/exec.js';
import { Mounts } from '../../entrypoint/system/mounts.js';
import { testFacts } from './facts.js';

export type TestRunInput = RunInput & { host(p: string): string };

/** A root with /etc/issue ("Welcome"), container paths beside it, and a run input in dup mode to SLE 15.7. */
export async function runInput(config: Partial<MigrationConfig> = {}): Promise<TestRunInput> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-run-'));
  await mkdir(path.join(dir, 'root/etc'), { recursive: true });
  await writeFile(path.join(dir, 'root/etc/issue'), 'Welcome\n');
  const paths: ContainerPaths = {
    systemRoot: path.join(dir, 'root'),
    ledger: path.join(dir, 'fstab'),
    imageConfig: path.join(dir, 'c.yml'),
    dropinDir: path.join(dir, 'c.d'),
    imageOsRelease: path.join(dir, 'os-release'),
  };
  const log = createLogger({ consoleFd: null }).log;
  const exec = new Exec(log);
  return {
    config: { ...DEFAULTS, use_zypper_migration: false, ...config },
    facts: testFacts({ targetVersionId: '15.7' }),
    log,
    exec,
    mounts: new Mounts(paths.ledger, exec, log),
    paths,
    host: (p) => onHost(paths.systemRoot, p),
  };
}
