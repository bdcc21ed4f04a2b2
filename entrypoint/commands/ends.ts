// `dms ends`: the migration's two ends, the host's release and this image's target, as one line of KEY=VALUE fields
// for the host shim's question ("from SLES 12 SP5 to SLES 15 SP7"); reads the host's files only, writes nothing.
import { migrationEnds } from '../facts/ends.js';
import { resolveFacts } from '../facts/run-facts.js';
import type { ContainerPaths } from '../paths.js';
import { fieldsLine } from '../run/shim-result.js';
import type { RunOptions } from './options.js';
import { checkSystemRoot, loadEffectiveConfig } from './session.js';

export async function endsCommand(paths: ContainerPaths, options: RunOptions): Promise<number> {
  await checkSystemRoot(paths);
  const { config } = await loadEffectiveConfig(paths, options);
  const facts = await resolveFacts({ systemRoot: paths.systemRoot, imageOsRelease: paths.imageOsRelease, config });
  const ends = migrationEnds(facts);
  process.stdout.write(fieldsLine({ source: ends.source, target: ends.target, target_version: ends.targetVersion }));
  return 0;
}
