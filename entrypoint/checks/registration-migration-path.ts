// registration-migration-path: the registration server must offer an offline migration to the target (SPEC 6.7).
import { splitProduct } from '../facts/run-facts.js';
import { readRegistration } from './registration.js';
import { fail, pass, type Check } from './types.js';

const TIMEOUT_MS = 20_000;

export const registrationMigrationPath: Check = {
  id: 'registration-migration-path',
  title: 'The registration server offers a migration to the target',
  severity: 'inhibitor',
  remediation:
    'check the subscriptions of this system (SUSEConnect --status-text) and that the registration server (SCC, RMT or SMT) mirrors the target products',
  async run(ctx) {
    const { mode, target: wanted, source } = ctx.facts;
    if (mode === 'dup') return pass('dup mode: the registration server is not used');
    const reg = await readRegistration(ctx);
    if (!reg.server || !reg.credentials) return pass('not registered with a registration server: skipped (see registration-present)');
    // The same target product the upgrade will ask for; without one, the upgrade stops too.
    if (!wanted.product) {
      return fail([wanted.productProblem ?? 'no target product'], {
        remediation: 'name the target product: migration_product (NAME/VERSION/ARCH) in /etc/sle-migration-service.yml, or --product',
      });
    }
    const target = splitProduct(wanted.product);
    const installed = source.installedProducts;
    const url = `${reg.server}/connect/systems/products/offline_migrations`;
    const auth = Buffer.from(`${reg.credentials.username}:${reg.credentials.password}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Basic ${auth}` },
        body: JSON.stringify({ installed_products: installed, target_base_product: target }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      return fail([`${url} could not be reached: ${(err as Error).message}`], {
        severity: 'warning',
        remediation: 'check the network and proxy settings of the host, then run the check again',
      });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body) {
      return fail([`${reg.server} answered for ${wanted.product}: ${String((body as { error: unknown }).error)}`]);
    }
    if (!response.ok || !Array.isArray(body)) {
      return fail([`${reg.server} answered HTTP ${response.status} for ${wanted.product}: ${text.slice(0, 300)}`]);
    }
    if (body.length === 0) return fail([`${reg.server} offers no migration to ${wanted.product}`]);
    const paths = body.map((p) =>
      Array.isArray(p)
        ? p.map((x: { identifier?: string; version?: string }) => `${x.identifier}/${x.version}`).join(' + ')
        : JSON.stringify(p),
    );
    return pass(`${reg.server} offers ${body.length} migration(s) to ${wanted.product}`, ...paths);
  },
};
