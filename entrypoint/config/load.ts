// Loads the configuration layers of SPEC 3.1 in order, validates each on its own, merges them once.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { DEFAULTS, validateLayer, type ConfigLayer, type MigrationConfig } from './schema.js';
import { mergeLayers, MergeDepthError } from './merge.js';

export interface ConfigSources {
  /** Image default, e.g. /etc/migration-config.yml (missing = empty). */
  imageFile: string;
  /** Image drop-ins: regular `*.yml` files directly in this directory, sorted by name. */
  dropinDir: string;
  /**
   * The host's file, e.g. /system-root/etc/sle-migration-service.yml (missing = empty). Its drop-ins,
   * `*.yml` in the sibling directory `<name>.d` (/etc/sle-migration-service.d), follow it, sorted by name:
   * tools such as the Ansible role add settings there without rewriting the administrator's file.
   */
  hostFile: string;
  /** Settings from the command line: this run only, never written to any file. */
  overrides?: ConfigLayer;
}

export interface LoadedConfig {
  config: MigrationConfig;
  /** The layers that contributed, in order (files that were missing or empty are left out). */
  applied: string[];
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(file, `cannot be read: ${(err as Error).message}`);
  }
}

/** Parses one YAML file into a validated layer; `undefined` for an empty or comments-only file. */
export function parseLayer(source: string, text: string): ConfigLayer | undefined {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    // With prettyErrors the message is "<reason> at line L, column C:" followed by a code frame.
    const reason = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    const pos = syntax.linePos?.[0];
    throw new ConfigError(source, `YAML syntax error at ${pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position'}: ${reason}`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // The yaml library refuses alias expansion that would explode (a "billion laughs" document).
    throw new ConfigError(source, `cannot be expanded: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) return undefined;
  if (typeof data !== 'object' || Array.isArray(data)) {
    const kind = Array.isArray(data) ? 'a list' : `a ${typeof data} (${JSON.stringify(data).slice(0, 40)})`;
    throw new ConfigError(source, `the document is ${kind}, not a mapping of settings`);
  }
  return validated(source, data);
}

function validated(source: string, data: unknown): ConfigLayer {
  const { layer, problems } = validateLayer(data);
  if (!layer) throw new ConfigError(source, problems.join('; '));
  return layer;
}

async function dropinFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.yml'))
      .map((e) => e.name)
      .sort()
      .map((name) => path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(dir, `cannot be listed: ${(err as Error).message}`);
  }
}

/** The drop-in directory of a host configuration file: `/etc/x.yml` -> `/etc/x.d`. */
export function hostDropinDir(hostFile: string): string {
  return `${hostFile.replace(/\.yml$/, '')}.d`;
}

/** Fills in the defaults for every key that no layer set. */
export function withDefaults(merged: ConfigLayer): MigrationConfig {
  return mergeDefaults(DEFAULTS, merged);
}

function mergeDefaults(defaults: MigrationConfig, layer: ConfigLayer): MigrationConfig {
  return {
    ...defaults,
    ...layer,
    preserve: { ...defaults.preserve, ...layer.preserve },
    network: { ...defaults.network, ...layer.network },
  } as MigrationConfig;
}

export async function loadConfig(sources: ConfigSources): Promise<LoadedConfig> {
  const files = [
    sources.imageFile,
    ...(await dropinFiles(sources.dropinDir)),
    sources.hostFile,
    ...(await dropinFiles(hostDropinDir(sources.hostFile))),
  ];
  const layers: Array<[string, ConfigLayer]> = [];
  for (const file of files) {
    const text = await readOptional(file);
    if (text === undefined) continue;
    const layer = parseLayer(file, text);
    if (layer) layers.push([file, layer]);
  }
  if (sources.overrides && Object.keys(sources.overrides).length > 0) {
    layers.push(['command line', validated('command line', sources.overrides)]);
  }
  let merged: Record<string, unknown> = {};
  for (const [source, layer] of layers) {
    try {
      merged = mergeLayers(merged, layer);
    } catch (err) {
      if (err instanceof MergeDepthError) throw new ConfigError(source, err.message);
      throw err;
    }
  }
  return { config: withDefaults(merged as ConfigLayer), applied: layers.map(([source]) => source) };
}
