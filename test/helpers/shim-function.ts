// Runs functions of the host shim scripts/migrate in isolation (no podman): their definitions are cut out of the
// real script and called by a bash that has only them, with the shim's SYSTEM_ROOT pointing at a synthetic root.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { SHIM } from './shim.js';

/** The text of the top-level function `name() { ... }` of the shim (it ends at the first `}` in column 0). */
export async function shimFunction(name: string): Promise<string> {
  const text = await readFile(SHIM, 'utf8');
  const found = new RegExp(`^${name}\\(\\) \\{[^\\n]*\\n[\\s\\S]*?^\\}$`, 'm').exec(text);
  if (!found) throw new Error(`scripts/migrate has no function ${name}`);
  return found[0];
}

/**
 * Runs `call` (e.g. `new_default_kernel`) in bash with `set -euo pipefail`, the shim functions `functions`
 * defined and SYSTEM_ROOT=`root`; `env` adds to the environment (e.g. PATH with stand-ins first).
 */
export async function runShimFunctions(root: string, functions: string[], call: string, env: Record<string, string> = {}) {
  const defs = await Promise.all(functions.map(shimFunction));
  const script = ['set -euo pipefail', 'PROG=migrate', `SYSTEM_ROOT="$1"`, ...defs, call].join('\n');
  return execa('bash', ['-c', script, 'shim-function', root], { reject: false, env, extendEnv: true });
}
