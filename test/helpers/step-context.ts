// A minimal StepContext for unit tests of step skip rules and file edits: config, a silent logger, host(), paths.systemRoot.
import { DEFAULTS, type MigrationConfig } from '../../entrypoint/config/schema.js';
import { createLogger } from '../../entrypoint/log/logger.js';
import { onHost } from '../../entrypoint/paths.js';
import type { StepContext } from '../../entrypoint/steps/types.js';

export function stepContext(root: string, config: Partial<MigrationConfig> = {}): StepContext {
  return {
    config: { ...DEFAULTS, ...config },
    log: createLogger({ consoleFd: null }).log,
    host: (p: string) => onHost(root, p),
    paths: { systemRoot: root },
  } as unknown as StepContext;
}
