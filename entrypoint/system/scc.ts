// The registration server's offline migrations (SCC, RMT or SMT): what `zypper migration --product P`
// asks first, `POST /connect/systems/products/offline_migrations`. Asked directly, it changes nothing
// (the plugin itself, once it has its answer, switches the registration; see docs/report.md).
// Asked through the host's proxy and with the host's trusted certificates (system/http.ts).
import { type HostNetwork, type HttpAnswer, hostRequest } from './http.js';
import type { Registration } from './registration.js';

export interface ProductTriplet {
  identifier: string;
  version: string;
  arch: string;
}

/** A product of a migration path as SCC describes it (connect-ng reads these fields). */
export interface SccProduct extends ProductTriplet {
  friendly_name?: string;
}

export type OfflineMigrations =
  | { kind: 'paths'; paths: SccProduct[][] }
  /** The server answered with an error (its `error` text, or the HTTP status and body). */
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'not-registered'; message: string };

export const OFFLINE_MIGRATIONS = '/connect/systems/products/offline_migrations';
const TIMEOUT_MS = 20_000;

/** One line per path: its products' names (friendly_name, else NAME/VERSION), joined with ` + `. */
export function describePaths(paths: SccProduct[][]): string[] {
  return paths.map((p) => p.map((x) => x.friendly_name ?? `${x.identifier}/${x.version}`).join(' + '));
}

export async function offlineMigrations(
  reg: Registration,
  installed: readonly ProductTriplet[],
  target: ProductTriplet,
  options: { network: HostNetwork; timeoutMs?: number },
): Promise<OfflineMigrations> {
  if (!reg.credentials) return { kind: 'not-registered', message: `no registration credentials: ${reg.server} cannot be asked` };
  const auth = Buffer.from(`${reg.credentials.username}:${reg.credentials.password}`).toString('base64');
  let response: HttpAnswer;
  try {
    response = await hostRequest(
      `${reg.server}${OFFLINE_MIGRATIONS}`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Basic ${auth}` },
        body: JSON.stringify({ installed_products: installed, target_base_product: target }),
        timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
      },
      options.network,
    );
  } catch (err) {
    return { kind: 'unreachable', message: (err as Error).message };
  }
  const { text } = response;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const wanted = `${target.identifier}/${target.version}/${target.arch}`;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body) {
    return { kind: 'refused', message: `${reg.server} answered for ${wanted}: ${String((body as { error: unknown }).error)}` };
  }
  if (!response.ok || !Array.isArray(body)) {
    return { kind: 'refused', message: `${reg.server} answered HTTP ${response.status} for ${wanted}: ${text.slice(0, 300)}` };
  }
  const paths = body.filter(Array.isArray).map((p: unknown[]) => p.filter((x): x is SccProduct => typeof x === 'object' && x !== null));
  return { kind: 'paths', paths };
}
