// `dms config`: prints the effective configuration (the files merged with the options); changes nothing.
import { stringify } from 'yaml';
import type { ContainerPaths } from '../paths.js';
import type { RunOptions } from './options.js';
import { loadEffectiveConfig } from './session.js';

export async function configCommand(paths: ContainerPaths, options: RunOptions): Promise<number> {
  const { config, applied } = await loadEffectiveConfig(paths, options);
  process.stdout.write(`# sources: ${applied.length > 0 ? applied.join(', ') : 'defaults only'}\n${stringify(config)}`);
  return 0;
}
