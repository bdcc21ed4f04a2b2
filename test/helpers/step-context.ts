// StepContexts for unit tests of steps: a host root, the door to its files (changes collected), facts, a silent logger.
import path from 'node:path';
import { DEFAULTS, type MigrationConfig } from '../../entrypoint/config/schema.js';
import type { RunFacts } from '../../entrypoint/facts/run-facts.js';
import { createLogger } from '../../entrypoint/log/logger.js';
import { stepContext as runStepContext } from '../../entrypoint/run/migration.js';
import type { StepContext } from '../../entrypoint/steps/types.js';
import { Exec } from '../../entrypoint/system/exec.js';
import { type FileChange, HostFiles } from '../../entrypoint/system/host-files.js';
import { Mounts } from '../../entrypoint/system/mounts.js';
import { type FactsOverrides, rootFacts, testFacts } from './facts.js';

export type TestStepContext = StepContext & { changes: FileChange[] };

function build(root: string, config: MigrationConfig, facts: RunFacts): TestStepContext {
  const log = createLogger({ consoleFd: null }).log;
  const exec = new Exec(log);
  const ledger = path.join(path.dirname(root), `${path.basename(root)}.fstab`);
  const changes: FileChange[] = [];
  const files = new HostFiles(root, (c) => {
    changes.push(c);
  });
  const paths = { systemRoot: root, ledger, imageConfig: '', dropinDir: '', imageOsRelease: '' };
  const ctx = runStepContext({ config, facts, log, exec, mounts: new Mounts(ledger, exec, log), paths }, files, new Map());
  return { ...ctx, changes };
}

/** A context on `root` with test facts (dup mode, SLE 16.0, x86_64 unless overridden). */
export function stepContext(root: string, config: Partial<MigrationConfig> = {}, facts: FactsOverrides = {}): TestStepContext {
  return build(root, { ...DEFAULTS, ...config }, testFacts(facts));
}

/** A context on `root` with the facts a session would resolve from it, for an image of `targetVersionId`. */
export async function rootStepContext(
  root: string,
  config: Partial<MigrationConfig> = {},
  targetVersionId = '15.7',
): Promise<TestStepContext> {
  const full = { ...DEFAULTS, ...config };
  return build(root, full, await rootFacts(root, full, targetVersionId));
}
