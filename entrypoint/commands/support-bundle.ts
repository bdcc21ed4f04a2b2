// `dms support-bundle`: one archive for support (logs, report, journal, configuration, repositories, products), secrets redacted.
import { describeConfig, sourcesLine } from '../config/describe.js';
import { noteText } from '../config/notes.js';
import { errorMessage } from '../errors.js';
import { createLogger } from '../log/logger.js';
import type { ContainerPaths } from '../paths.js';
import { Exec } from '../system/exec.js';
import { writeSupportBundle } from '../support/bundle.js';
import { loadEffectiveConfig } from './session.js';

/** The effective configuration as YAML, or why it does not load (a bundle is most wanted when something is broken). */
async function effectiveConfig(paths: ContainerPaths): Promise<string> {
  try {
    const loaded = await loadEffectiveConfig(paths);
    return `${sourcesLine(loaded.applied)}\n${loaded.notes.map((note) => `# note: ${noteText(note)}\n`).join('')}${describeConfig(loaded)}`;
  } catch (err) {
    return `# the configuration does not load:\n# ${errorMessage(err)}\n`;
  }
}

export async function supportBundleCommand(paths: ContainerPaths): Promise<number> {
  const exec = new Exec(createLogger({ consoleFd: null }).log);
  process.stdout.write(`${await writeSupportBundle(paths, exec, await effectiveConfig(paths))}\n`);
  return 0;
}
