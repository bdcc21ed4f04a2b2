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
  /** Sent by RMT and SMT, not by SCC; false: the server does not mirror the product (connect-ng: absent = true). */
  available?: boolean;
  id?: unknown;
}

export type OfflineMigrations =
  /** `paths`: the paths zypper migration can take (all products available), in the server's order; `unavailable`: the others. */
  | { kind: 'paths'; paths: SccProduct[][]; unavailable: SccProduct[][] }
  /** The server answered with an error (its `localized_error`/`error` text, or the HTTP status line), or an answer the plugin cannot read. */
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'not-registered'; message: string };

export const OFFLINE_MIGRATIONS = '/connect/systems/products/offline_migrations';
/** What connect-ng sends (pkg/connection/connection.go): the v4 API of SCC/RMT. */
const ACCEPT = 'application/json,application/vnd.scc.suse.com.v4+json';
/** Shorter than connect-ng's 60 s: a pre-flight check should not hold the run for a minute. */
const TIMEOUT_MS = 20_000;

/** The message connect-ng shows for an error answer (pkg/connection/api_error.go): localized_error, else error. */
function errorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { localized_error: localized, error } = body as { localized_error?: unknown; error?: unknown };
  if (typeof localized === 'string' && localized) return localized;
  if (typeof error === 'string') return error;
  return undefined;
}

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
        headers: { 'Content-Type': 'application/json', Accept: ACCEPT, Authorization: `Basic ${auth}` },
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
  const message = errorMessage(body);
  if (!response.ok) {
    const why = message ?? `${text.replace(/\s+/g, ' ').trim().slice(0, 200) || '(no text)'}`;
    return { kind: 'refused', message: `${reg.server} answered for ${wanted}: ${why} (HTTP ${response.status})` };
  }
  if (!Array.isArray(body) || !body.every(Array.isArray)) {
    return {
      kind: 'refused',
      message: `${reg.server} answered for ${wanted} with something that is not a list of migration paths: ${text.slice(0, 200)}`,
    };
  }
  const all = (body as unknown[][]).map((p) => p.filter((x): x is SccProduct => typeof x === 'object' && x !== null));
  // connect-ng (since v1.21.0) reads a product's id as a number; SMT sends strings, and the plugin stops there.
  const stringId = all.flat().find((p) => p.id !== undefined && p.id !== null && typeof p.id !== 'number');
  if (stringId) {
    return {
      kind: 'refused',
      message: `${reg.server} answered for ${wanted} with product ids that are not numbers (id "${String(stringId.id)}", as SMT sends them): zypper migration (suseconnect-ng 1.21 or later) cannot read this answer`,
    };
  }
  const available = (p: SccProduct[]) => p.every((x) => x.available !== false);
  return { kind: 'paths', paths: all.filter(available), unavailable: all.filter((p) => !available(p)) };
}
