// The change plan: in dup mode the solver's dry run inside a throw-away overlay of the host root (nothing on the
// host changes); in plugin mode the registration server's offered migrations (plan/migration-targets.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Exec } from '../system/exec.js';
import { pathExists } from '../system/fs.js';
import { withOverlayView } from '../system/overlay-view.js';
import { findBaseProduct, scanProducts, withoutRegisterTargets } from '../system/products.js';
import type { ProductTriplet } from '../system/scc.js';
import { describeZypperExit, dupArgv } from '../system/zypper.js';
import { pluginPlan } from './migration-targets.js';
import { parseDupXml } from './parse-zypper-xml.js';
import { emptyPlan, type Plan } from './types.js';

export interface PlanInput {
  exec: Exec;
  /** The host root, e.g. /system-root. */
  root: string;
  mode: 'dup' | 'plugin';
  /** Plugin mode: the target product NAME/VERSION/ARCH the upgrade will ask for, and the installed products. */
  product?: string;
  installed?: readonly ProductTriplet[];
  /** How long the solver's query may take (config plan_timeout); a repository that never answers would block the pre-flight otherwise. */
  timeoutMs?: number;
}

/** The plan error of a query stopped at its time limit. */
function timedOutError(what: string, timeoutMs: number): string {
  return `${what} did not finish within ${Math.round(timeoutMs / 1000)} s (plan_timeout) and was stopped: a repository or the registration server may not be answering; check them with \`zypper refresh\` on the host, or raise plan_timeout in /etc/sle-migration-service.yml`;
}

/**
 * Does in the view what product-setup will do on the host before the upgrade: drop the base product's
 * <register><target>, which zypper would otherwise compare with the repositories' distro_target.
 */
async function likeProductSetup(view: string): Promise<string | undefined> {
  try {
    const base = findBaseProduct(await scanProducts(path.join(view, 'etc/products.d')), '/etc/products.d');
    if (!base.ok) return undefined;
    const edited = await withoutRegisterTargets(await readFile(base.product.file, 'utf8'));
    if (edited.removed === 0) return undefined;
    // The view is a throw-away overlay: this write lands in memory, not on the host.
    await writeFile(base.product.file, edited.text, 'utf8');
    return `as product-setup will, <register><target> was dropped from ${path.basename(base.product.file)} (in the view only)`;
  } catch {
    // No products: the single-base-product check reports it.
  }
  return undefined;
}

/** The dry run as an administrator would type it on the host: without the container's --root of the view. */
export function asOnHost(argv: readonly string[], view: string): string {
  const at = argv.indexOf('--root');
  const words = at >= 0 && argv[at + 1] === view ? [...argv.slice(0, at), ...argv.slice(at + 2)] : [...argv];
  return words.join(' ');
}

async function dupPlan(exec: Exec, view: string, scratch: string, timeoutMs?: number): Promise<Plan> {
  const note = await likeProductSetup(view);
  const argv = dupArgv(view, { download: 'dry-run' });
  const env: Record<string, string> = {
    // zypper's log and lock stay in the container, like everything written below the view.
    ZYPP_LOGFILE: path.join(scratch, 'zypper.log'),
    ZYPP_LOCKFILE_ROOT: scratch,
  };
  // The upgrade runs with the host's /etc/zypp bound over the container's: use the host's zypp.conf here too.
  if (await pathExists(path.join(view, 'etc/zypp/zypp.conf'))) env.ZYPP_CONF = path.join(view, 'etc/zypp/zypp.conf');
  const result = await exec.run(argv, { env, allowFailure: true, quiet: true, ...(timeoutMs ? { timeoutMs } : {}) });
  const empty = emptyPlan('dup-dry-run', asOnHost(argv, view));
  if (result.timedOut) return { ...empty, errors: [timedOutError('the solver dry run (zypper dup --dry-run)', timeoutMs!)] };
  let plan = parseDupXml(result.stdout, empty);
  if (note) plan.notes.push(note);
  if (!result.ok && plan.problems.length === 0) {
    const why = result.notFound ? 'zypper is not installed in this image' : `zypper ${describeZypperExit(result.exitCode)}`;
    plan = {
      ...plan,
      computed: false,
      errors: [...plan.errors, why, ...(result.stderr.trim() ? [result.stderr.trim().split('\n').slice(-5).join('\n')] : [])],
    };
  }
  if (plan.problems.length > 0) plan = { ...plan, computed: false };
  return plan;
}

/** Computes the plan; never changes the host (everything runs against an overlay view). */
export async function computePlan(input: PlanInput): Promise<Plan> {
  if (input.mode === 'plugin') return pluginPlan(input.root, input.product ?? '', input.installed ?? []);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'dms-plan-'));
  try {
    return await withOverlayView(input.exec, input.root, (view) => dupPlan(input.exec, view, scratch, input.timeoutMs));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
