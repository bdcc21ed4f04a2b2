// The registration server's offline migrations (SCC, RMT or SMT): what `zypper migration --product P`
// asks first, `POST /connect/systems/products/offline_migrations`. Asked directly, it changes nothing
// (the plugin itself, once it has its answer, switches the registration; see docs/report.md).
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
  timeoutMs = TIMEOUT_MS,
): Promise<OfflineMigrations> {
  if (!reg.credentials) return { kind: 'not-registered', message: `no registration credentials: ${reg.server} cannot be asked` };
  const url = `${reg.server}${OFFLINE_MIGRATIONS}`;
  const auth = Buffer.from(`${reg.credentials.username}:${reg.credentials.password}`).toString('base64');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Basic ${auth}` },
      body: JSON.stringify({ installed_products: installed, target_base_product: target }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    return { kind: 'unreachable', message: `${url} could not be reached: ${(err as Error).message}` };
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
    return { kind: 'refused', message: `${reg.server} answered for ${wanted}: ${String((body as { error: unknown }).error)}` };
  }
  if (!response.ok || !Array.isArray(body)) {
    return { kind: 'refused', message: `${reg.server} answered HTTP ${response.status} for ${wanted}: ${text.slice(0, 300)}` };
  }
  const paths = body.filter(Array.isArray).map((p: unknown[]) => p.filter((x): x is SccProduct => typeof x === 'object' && x !== null));
  return { kind: 'paths', paths };
}
