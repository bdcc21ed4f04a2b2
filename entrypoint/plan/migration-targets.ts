// Plugin mode's plan: the migrations the registration server offers for the target product, asked the
// way `zypper migration --product P` asks first. The plugin itself is not run: under --non-interactive
// its --query does not list, it migrates (connect-ng picks path 1 before the listing loop), and even a
// plain --query refreshes repositories and may install release packages.
import path from 'node:path';
import { readHostNetwork } from '../system/http.js';
import { readRegistration } from '../system/registration.js';
import { describePaths, OFFLINE_MIGRATIONS, offlineMigrations, type ProductTriplet } from '../system/scc.js';
import { emptyPlan, type Plan } from './types.js';

export async function pluginPlan(root: string, product: string, installed: readonly ProductTriplet[]): Promise<Plan> {
  const reg = await readRegistration((p) => path.join(root, p));
  const plan = emptyPlan(
    'migration-query',
    `POST ${reg.server}${OFFLINE_MIGRATIONS} for ${product} (as zypper migration asks; the plugin is not run)`,
  );
  plan.notes.push(
    'plugin mode: the migration plugin cannot predict package changes without switching the registration, so only the offered migration targets are listed',
  );
  const [identifier = '', version = '', arch = ''] = product.split('/');
  const answer = await offlineMigrations(reg, installed, { identifier, version, arch }, { network: await readHostNetwork(root) });
  if (answer.kind !== 'paths') {
    plan.errors.push(`the migration targets could not be asked for: ${answer.message}`);
    return plan;
  }
  if (answer.paths.length === 0) {
    const unmirrored =
      answer.unavailable.length > 0 ? ` whose products it all mirrors (${answer.unavailable.length} path(s) with available: false)` : '';
    plan.problems.push(
      `No migration available: the registration server ${reg.server} offers no migration of this system to ${product}${unmirrored}`,
    );
    return plan;
  }
  plan.migrationTargets = describePaths(answer.paths);
  return plan;
}
