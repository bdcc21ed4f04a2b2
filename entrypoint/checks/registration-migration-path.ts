// registration-migration-path: the registration server must offer an offline migration to the target (SPEC 6.7).
import { scanProducts, findBaseProduct } from '../system/products.js';
import { readRegistration } from './registration.js';
import { fail, pass, type Check } from './types.js';

const TIMEOUT_MS = 20_000;

export interface ProductTriplet {
  identifier: string;
  version: string;
  arch: string;
}

/** The target product as upgrade derives it (SPEC 5.1): migration_product, else base product name + target VERSION_ID + arch. */
export async function targetTriplet(
  host: (p: string) => string,
  migrationProduct: string | undefined,
  targetVersionId: string,
  machine: string,
): Promise<{ target: ProductTriplet; installed: ProductTriplet[] }> {
  const scan = await scanProducts(host('/etc/products.d')).catch(() => ({ products: [], unreadable: [] }));
  const installed = scan.products
    .filter((p) => p.name && p.version && p.arch)
    .map((p) => ({ identifier: p.name!, version: p.version!, arch: p.arch! }));
  const configured = migrationProduct?.split('/');
  if (configured?.length === 3) return { target: { identifier: configured[0]!, version: configured[1]!, arch: configured[2]! }, installed };
  const base = findBaseProduct(scan, '/etc/products.d');
  return {
    target: {
      identifier: base.ok && base.product.name ? base.product.name : 'SLES',
      version: targetVersionId,
      arch: base.ok && base.product.arch ? base.product.arch : machine,
    },
    installed,
  };
}

export const registrationMigrationPath: Check = {
  id: 'registration-migration-path',
  title: 'The registration server offers a migration to the target',
  severity: 'inhibitor',
  remediation:
    'check the subscriptions of this system (SUSEConnect --status-text) and that the registration server (SCC, RMT or SMT) mirrors the target products',
  async run(ctx) {
    if (ctx.mode === 'dup') return pass('dup mode: the registration server is not used');
    const reg = await readRegistration(ctx);
    if (!reg.server || !reg.credentials) return pass('not registered with a registration server: skipped (see registration-present)');
    const { target, installed } = await targetTriplet(ctx.host, ctx.config.migration_product, ctx.target.versionId, ctx.machine);
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
    const wanted = `${target.identifier}/${target.version}/${target.arch}`;
    if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body) {
      return fail([`${reg.server} answered for ${wanted}: ${String((body as { error: unknown }).error)}`]);
    }
    if (!response.ok || !Array.isArray(body)) {
      return fail([`${reg.server} answered HTTP ${response.status} for ${wanted}: ${text.slice(0, 300)}`]);
    }
    if (body.length === 0) return fail([`${reg.server} offers no migration to ${wanted}`]);
    const paths = body.map((p) =>
      Array.isArray(p)
        ? p.map((x: { identifier?: string; version?: string }) => `${x.identifier}/${x.version}`).join(' + ')
        : JSON.stringify(p),
    );
    return pass(`${reg.server} offers ${body.length} migration(s) to ${wanted}`, ...paths);
  },
};
