// The YAML dialect of the configuration files: YAML 1.2 (the `yaml` package's core schema), except that booleans are
// PyYAML's YAML 1.1 set and merge keys (`<<`) work, because SUSE's DMS reads the same files with PyYAML's safe_load.
// Only those two differ on purpose: 1.1 numbers (0777 octal, 30:00 sexagesimal) and timestamps stay YAML 1.2,
// since the only number (plan_timeout) and the only date (a waiver's expires) are this program's own keys.
import { isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag, visit } from 'yaml';
import { ConfigError } from '../errors.js';

const BOOL_TAG = 'tag:yaml.org,2002:bool';

/** PyYAML's bool words (its YAML 1.1 resolver); `y`, `n`, `1`, `0` are not among them, as in PyYAML. */
const PYYAML_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
/** The words YAML 1.2 also reads as booleans: a file using only these reads the same under either version. */
const YAML12_BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const TRUE_WORDS = new Set(['yes', 'true', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'off']);

/** A plain scalar that is one of PyYAML's words: YAML 1.2 reads only the `true`/`false` ones so. */
const pyyamlBool: ScalarTag = {
  identify: (value) => typeof value === 'boolean',
  default: true,
  tag: BOOL_TAG,
  test: PYYAML_BOOL,
  resolve: (value) => TRUE_WORDS.has(value.toLowerCase()),
};

/** An explicit `!!bool x`: PyYAML looks the lower-cased word up (`!!bool yEs` is true, `!!bool y` an error). */
const explicitBool: ScalarTag = {
  identify: () => false,
  default: false,
  tag: BOOL_TAG,
  resolve(value, onError) {
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    onError(`"${value}" is not a boolean (yes/no, true/false, on/off)`);
    return value;
  },
};

export interface ParsedYaml {
  /** The document as plain data (undefined for an empty or comments-only file). */
  data: unknown;
  /** Where a YAML 1.1-only form was read, in document order: `debug: yes (true)`, `preserve.<< (merge key)`. */
  yaml11: string[];
}

function positionOf(lines: LineCounter, offset: number | undefined): string {
  if (offset === undefined) return 'unknown position';
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

function keyText(key: unknown): string {
  if (!isScalar(key)) return '?';
  return key.source ?? String(key.value);
}

/** The key path of a node from its ancestors: `network.wicked2nm-continue-migration`, `preserve.rules.0`. */
function keyPath(ancestors: readonly unknown[], node: unknown): string {
  const parts: string[] = [];
  const chain = [...ancestors, node];
  chain.forEach((item, i) => {
    if (isPair(item)) parts.push(keyText(item.key));
    else if (isSeq(item)) parts.push(String(item.items.indexOf(chain[i + 1] as Node)));
  });
  return parts.join('.');
}

/** The first key that a mapping repeats (PyYAML keeps the last one silently; a duplicate here is refused). */
function firstDuplicateKey(doc: Document, lines: LineCounter): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Map<string, number | undefined>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol') continue; // merge keys may repeat
        const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
        const offset = pair.key.range?.[0];
        if (seen.has(identity)) {
          const where = keyPath([...ancestors, map], pair);
          const first = seen.get(identity);
          const also = first === undefined ? '' : ` (also at line ${lines.linePos(first).line})`;
          found = `YAML syntax error at ${positionOf(lines, offset)}: duplicate key "${where}"${also}: keep one of them`;
          return visit.BREAK;
        }
        seen.set(identity, offset);
      }
      return undefined;
    },
  });
  return found;
}

/** Where the document uses a YAML 1.1-only form: a boolean word YAML 1.2 reads as a string, or a merge key. */
function yaml11Forms(doc: Document): string[] {
  const forms: string[] = [];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value === 'boolean' && node.source !== undefined && !YAML12_BOOL.test(node.source)) {
        forms.push(`${keyPath(ancestors, node)}: ${node.source} (${node.value})`);
      } else if (typeof node.value === 'symbol') {
        forms.push(`${keyPath(ancestors, node)} (merge key)`);
      }
    },
  });
  return forms;
}

/** Parses one configuration file; a syntax error, a duplicate key or an alias explosion is a ConfigError in one line. */
export function parseConfigYaml(source: string, text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core',
    customTags: (tags) => [...tags.filter((tag) => typeof tag !== 'object' || tag.tag !== BOOL_TAG), pyyamlBool, explicitBool],
    merge: true,
    uniqueKeys: false,
    prettyErrors: true,
    lineCounter: lines,
  });
  const syntax = doc.errors[0];
  if (syntax) {
    // With prettyErrors the message is "<reason> at line L, column C:" followed by a code frame.
    const reason = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const pos = syntax.linePos?.[0];
    throw new ConfigError(source, `YAML syntax error at ${pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position'}: ${reason}`);
  }
  const duplicate = firstDuplicateKey(doc, lines);
  if (duplicate) throw new ConfigError(source, duplicate);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // The yaml library refuses alias expansion that would explode (a "billion laughs" document).
    throw new ConfigError(source, `cannot be expanded: ${(err as Error).message}`);
  }
  return { data, yaml11: yaml11Forms(doc) };
}
