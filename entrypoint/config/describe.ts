// The effective configuration as people read it (the run's log, `dms config`, the support bundle): YAML, each key
// that a layer set followed by a comment naming that layer; keys without a comment have their default.
import { Document, isMap, isScalar } from 'yaml';
import type { LoadedConfig } from './load.js';

export function describeConfig({ config, setBy }: Pick<LoadedConfig, 'config' | 'setBy'>): string {
  const doc = new Document(config);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key)) continue;
      const source = setBy[pair.key.value as keyof typeof setBy];
      if (source === undefined) continue;
      // After a scalar value on its line; after the key of a mapping or a list.
      if (isScalar(pair.value)) pair.value.comment = ` ${source}`;
      else pair.key.comment = ` ${source}`;
    }
  }
  return doc.toString();
}

/** The `# sources:` line: the layers that contributed, in order. */
export function sourcesLine(applied: readonly string[]): string {
  return `# sources: ${applied.length > 0 ? applied.join(', ') : 'defaults only'}`;
}
