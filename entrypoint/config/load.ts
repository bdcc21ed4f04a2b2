// Loads the configuration layers of SPEC 3.1 in order, validates each on its own, merges them once; `debug` only from
// the command line.
import { readdir } from 'node:fs/promises';
import { readTextFile, UnreadableFileError } from '../system/fs.js';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { mergeLayers, MergeDepthError } from './merge.js';
import type { ConfigNote } from './notes.js';
import { DEFAULTS, validateLayer, type ConfigLayer, type MigrationConfig } from './schema.js';
import { parseConfigYaml } from './yaml.js';

export interface ConfigSources {
  /** Image default, e.g. /etc/migration-config.yml (missing = empty). */
  imageFile: string;
  /** Image drop-ins: regular `*.yml` files directly in this directory, sorted by name. */
  dropinDir: string;
  /**
   * The host's file, e.g. /system-root/etc/sle-migration-service.yml (missing = empty). Its drop-ins,
   * `*.yml` in the sibling directory `<name>.d` (/etc/sle-migration-service.d), follow it, sorted by name:
   * tools such as the Ansible collection add settings there without rewriting the administrator's file.
   */
  hostFile: string;
  /** The host's drop-in directory, when it is not `<hostFile without .yml>.d` (a host file reached through a link). */
  hostDropins?: string;
  /** Settings from the command line: this run only, never written to any file. */
  overrides?: ConfigLayer;
}

export interface LoadedConfig {
  config: MigrationConfig;
  /** The layers that contributed, in order (files that were missing or empty are left out). */
  applied: string[];
  /**
   * The layer that set each top-level key last (keys that only have their default are absent). `debug` can only
   * come from `command line`: a file's `debug` is validated, then left out with a note.
   */
  setBy: Partial<Record<keyof MigrationConfig, string>>;
  /** What the files say that is read differently from a plain YAML 1.2 reading, or ignored; see notes.ts. */
  notes: ConfigNote[];
}

/** A configuration file holds a few settings: a megabyte is far more than any needs (500k waivers are not one). */
const MAX_CONFIG_BYTES = 1024 * 1024;

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readTextFile(file, MAX_CONFIG_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof UnreadableFileError) throw new ConfigError(file, `cannot be read: it ${err.message.slice(file.length + 1)}`);
    throw new ConfigError(file, `cannot be read: ${(err as Error).message}`);
  }
}

/** One file, parsed and validated: its layer (undefined for an empty or comments-only file) and its YAML 1.1 forms. */
export interface ParsedLayer {
  layer: ConfigLayer | undefined;
  yaml11: string[];
}

/** Parses one YAML file into a validated layer. */
export function parseLayer(source: string, text: string): ParsedLayer {
  const { data, yaml11 } = parseConfigYaml(source, text);
  if (data === null || data === undefined) return { layer: undefined, yaml11 };
  if (typeof data !== 'object' || Array.isArray(data)) {
    const kind = Array.isArray(data) ? 'a list' : `a ${typeof data} (${JSON.stringify(data).slice(0, 40)})`;
    throw new ConfigError(source, `the document is ${kind}, not a mapping of settings`);
  }
  return { layer: validated(source, data), yaml11 };
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

/** The command line's name as a layer source. */
export const COMMAND_LINE = 'command line';

export async function loadConfig(sources: ConfigSources): Promise<LoadedConfig> {
  const files = [
    sources.imageFile,
    ...(await dropinFiles(sources.dropinDir)),
    sources.hostFile,
    ...(await dropinFiles(sources.hostDropins ?? hostDropinDir(sources.hostFile))),
  ];
  const layers: Array<[string, ConfigLayer]> = [];
  const notes: ConfigNote[] = [];
  const debugInFiles: string[] = [];
  for (const file of files) {
    const text = await readOptional(file);
    if (text === undefined) continue;
    const { layer, yaml11 } = parseLayer(file, text);
    if (yaml11.length > 0) notes.push({ kind: 'yaml-1.1', source: file, forms: yaml11 });
    if (!layer) continue;
    // debug only holds a run that asked for it (the original's shim reset the host file's debug on every run).
    const { debug, ...rest } = layer;
    if (debug === true) debugInFiles.push(file);
    layers.push([file, rest]);
  }
  const overrides = sources.overrides ?? {};
  if (Object.keys(overrides).length > 0) layers.push([COMMAND_LINE, validated(COMMAND_LINE, overrides)]);
  if (overrides.debug !== true) for (const file of debugInFiles) notes.push({ kind: 'debug-ignored', source: file });
  let merged: Record<string, unknown> = {};
  const setBy: Record<string, string> = {};
  for (const [source, layer] of layers) {
    try {
      merged = mergeLayers(merged, layer);
    } catch (err) {
      if (err instanceof MergeDepthError) throw new ConfigError(source, err.message);
      throw err;
    }
    for (const key of Object.keys(layer)) setBy[key] = source;
  }
  return { config: withDefaults(merged as ConfigLayer), applied: layers.map(([source]) => source), setBy, notes };
}
