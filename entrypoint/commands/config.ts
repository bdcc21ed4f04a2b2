// `dms config`: prints the effective configuration (the files merged with the options), which layer set each key, and
// the loader's notes (YAML 1.1 forms, an ignored debug); changes nothing.
import { describeConfig, sourcesLine } from '../config/describe.js';
import { noteText } from '../config/notes.js';
import type { ContainerPaths } from '../paths.js';
import type { RunOptions } from './options.js';
import { loadEffectiveConfig } from './session.js';

export async function configCommand(paths: ContainerPaths, options: RunOptions): Promise<number> {
  const loaded = await loadEffectiveConfig(paths, options);
  const notes = loaded.notes.map((note) => `# note: ${noteText(note)}\n`).join('');
  process.stdout.write(`${sourcesLine(loaded.applied)}\n${notes}${describeConfig(loaded)}`);
  return 0;
}
