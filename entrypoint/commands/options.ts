// Command-line options of `run` turned into a configuration layer (this run only; no file is written).
import type { ConfigLayer } from '../config/schema.js';

export interface RunOptions {
  useZypperDup?: boolean;
  product?: string;
  debug?: boolean;
  verbose?: boolean;
  debugSolver?: boolean;
  /** `run --restart`: start over instead of continuing an unfinished earlier run (no configuration effect). */
  restart?: boolean;
}

export function optionsToLayer(options: RunOptions): ConfigLayer {
  const layer: ConfigLayer = {};
  if (options.useZypperDup) layer.use_zypper_migration = false;
  if (options.product !== undefined) layer.migration_product = options.product;
  if (options.debug) layer.debug = true;
  if (options.verbose) layer.verbose_migration = true;
  if (options.debugSolver) layer.debug_solver = true;
  return layer;
}
