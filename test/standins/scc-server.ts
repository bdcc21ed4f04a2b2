// STAND-IN for the SUSE Customer Center (or RMT/SMT) registration server on loopback (the test container uses the
// host network). It serves the endpoints the zypper migration plugin calls (SUSE/connect-ng @ ca78c8a,
// cmd/zypper-migration/migration.go and internal/connect/migration.go), with the request checks and error bodies
// of RMT (app/controllers/api/connect/...) and answers shaped like SCC's, from connect-ng's own test data
// (test/fixtures/connect-ng, see sccCase()). What it does not reproduce: test/standins/README.md.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A product as SCC describes it in a migration path (connect-ng reads identifier, version, arch, friendly_name, base/product_type, available, release_stage). */
export interface SccProduct {
  identifier: string;
  version: string;
  arch: string;
  friendly_name?: string;
  [field: string]: unknown;
}

export interface SccRequest {
  method: string;
  path: string;
  /** username:password from the Basic authorization header. */
  auth?: string;
  /** The Accept header (connect-ng asks for SCC's API v4 with it). */
  accept?: string;
  body: unknown;
}

/**
 * An answer the server gives instead of its normal one: to the migration queries (POST .../migrations and
 * .../offline_migrations), or with `everywhere` to every /connect/ request (as wrong credentials are).
 */
export type SccFault = { status: number; body: string; contentType?: string; everywhere?: boolean } | 'timeout';

export interface SccStandinOptions {
  username: string;
  password: string;
  /** Offline migration paths by target NAME/VERSION/ARCH (`*`: any target) for POST .../offline_migrations. */
  offline?: Record<string, SccProduct[][]>;
  /** Online migration paths for POST .../migrations. */
  online?: SccProduct[][];
  /**
   * Stand-in only: the repository of each product's service (NAME/VERSION/ARCH -> URL), listed in the service's
   * repoindex.xml (the real services list SUSE's repositories of the product).
   */
  repos?: Record<string, string>;
  /** GET /connect/systems/activations; by default the products activated here (POST/PUT), in SCC's shape (testdata/activations.json). */
  activations?: unknown[];
  fault?: SccFault;
}

export interface SccStandin {
  url: string;
  requests: SccRequest[];
  /** NAME/VERSION/ARCH of the products activated on the system now (POST/PUT /connect/systems/products). */
  activated(): string[];
  /** From now on answer with `fault` (e.g. the credentials turned invalid after registration); undefined: normally. */
  setFault(fault: SccFault | undefined): void;
  /** From now on answer as `answers` says (e.g. another `sccCase()`): its paths, activations and fault replace the current ones. */
  answerAs(answers: Partial<SccStandinOptions>): void;
  /** From now on list `url` (undefined: no repository) in the service of product NAME/VERSION/ARCH. */
  setRepo(product: string, url: string | undefined): void;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** connect-ng's test data (test/fixtures/connect-ng/README.md). */
/**
 * The target product as the real plugin sends it in `target_base_product` (connect-ng's Product struct, Go zero values
 * for what the command line does not say).
 */
export function goShapedTarget(identifier: string, version: string, arch: string): Record<string, unknown> {
  return {
    id: 0,
    identifier,
    name: '',
    version,
    arch,
    isbase: false,
    available: false,
    free: false,
    recommended: false,
    ProductLine: '',
  };
}

export function connectNgFixture<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(path.join(here, '../fixtures/connect-ng/testdata', file), 'utf8')) as T;
}

/** RMT's body for wrong credentials (base_controller.rb), in SCC's error shape (type, error, localized_error). */
export const INVALID_CREDENTIALS = JSON.stringify({
  type: 'error',
  error: 'Invalid system credentials',
  localized_error: 'Invalid system credentials',
});

/** Body of an SCC/RMT error answer: connect-ng's fixture testdata/pkg/labels/unassign_label_failed.json's shape with `message`. */
export function sccErrorBody(message: string): string {
  const shape = connectNgFixture<Record<string, string>>('pkg/labels/unassign_label_failed.json');
  return JSON.stringify({ ...shape, error: message, localized_error: message });
}

export type SccCaseName =
  | 'scc-two-paths'
  | 'rmt-not-mirrored'
  | 'smt'
  | 'no-migration'
  | 'unauthorized'
  | 'unprocessable'
  | 'html-error'
  | 'timeout';

/**
 * The answers of a real server, as cases (fixtures from connect-ng's testdata):
 * - scc-two-paths: testdata/migrations.json (SCC; SLES 15 SP4 and SP3, each with modules), for any target;
 * - rmt-not-mirrored: the same paths as RMT sends them when a product is not mirrored (`available: false` on the modules of SP4);
 * - smt: testdata/migrations-smt.json (SMT: string `id`, which connect-ng since v1.21.0 cannot read);
 * - no-migration: `[]`;
 * - unauthorized: 401 with RMT's body, to every request;
 * - unprocessable: 422 with an error body (RMT's text for an unactivated product) to the migration queries;
 * - html-error: 502 with an HTML page (a proxy in front of the server) to the migration queries;
 * - timeout: no answer at all to the migration queries.
 */
export function sccCase(name: SccCaseName): Partial<SccStandinOptions> {
  const migrations = connectNgFixture<SccProduct[][]>('migrations.json');
  switch (name) {
    case 'scc-two-paths':
      return { offline: { '*': migrations }, online: migrations };
    case 'rmt-not-mirrored': {
      const paths = migrations.map((p, i) => p.map((x) => ({ ...x, available: i !== 0 || x.base === true })));
      return { offline: { '*': paths }, online: paths };
    }
    case 'smt': {
      const smt = connectNgFixture<SccProduct[][]>('migrations-smt.json');
      return { offline: { '*': smt }, online: smt };
    }
    case 'no-migration':
      return { offline: {}, online: [] };
    case 'unauthorized':
      return { fault: { status: 401, body: INVALID_CREDENTIALS, contentType: 'application/json', everywhere: true } };
    case 'unprocessable':
      return {
        fault: {
          status: 422,
          body: sccErrorBody("The requested products 'SUSE Linux Enterprise Server 12 SP5 x86_64' are not activated on the system."),
          contentType: 'application/json',
        },
      };
    case 'html-error':
      return { fault: { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>\n', contentType: 'text/html' } };
    case 'timeout':
      return { fault: 'timeout' };
  }
}

type Triplet = { identifier?: string; version?: string; arch?: string };
const tripletOf = (p: Triplet) => `${p.identifier}/${p.version}/${p.arch}`;
const complete = (p: unknown): p is Triplet => {
  const t = p as Triplet | undefined;
  return Boolean(t?.identifier && t.version && t.arch);
};

export async function startSccStandin(options: SccStandinOptions): Promise<SccStandin> {
  const opts = { ...options };
  const requests: SccRequest[] = [];
  // Products the server knows (for service names and PUT answers): every product of every path and activation.
  const known = new Map<string, SccProduct>();
  const learn = (p: SccProduct) => known.set(tripletOf(p), known.get(tripletOf(p)) ?? p);
  const learnAll = () => {
    for (const paths of [...Object.values(opts.offline ?? {}), opts.online ?? []]) for (const p of paths.flat()) learn(p);
    for (const a of opts.activations ?? []) {
      const product = (a as { service?: { product?: SccProduct } }).service?.product;
      if (product) learn(product);
    }
  };
  learnAll();
  const services: string[] = []; // service id - 1 -> product triplet
  // The system's activations: product identifier -> triplet (one version of a product is active at a time).
  const activations = new Map<string, string>();
  let url = '';

  const serviceName = (key: string) => {
    const [identifier, version, arch] = key.split('/');
    return (known.get(key)?.friendly_name ?? `${identifier} ${version} ${arch}`).replace(/[^\w.-]+/g, '_');
  };
  /** SCC's service object (connect-ng's testdata/service.json) with the values of this product's service. */
  const service = (key: string, obsoleted = '') => {
    let id = services.indexOf(key) + 1;
    if (id === 0) id = services.push(key);
    const [identifier = '', version = '', arch = ''] = key.split('/');
    const product = known.get(key) ?? { identifier, version, arch };
    const name = serviceName(key);
    const shape = connectNgFixture<Record<string, unknown>>('service.json');
    return { ...shape, id, name, url: `${url}/access/services/${id}?credentials=${name}`, obsoleted_service_name: obsoleted, product };
  };
  /** Activates (POST) or upgrades/downgrades (PUT) a product: its service, naming the replaced one as SCC does. */
  const activate = (p: Triplet) => {
    const key = tripletOf(p);
    const previous = activations.get(p.identifier!);
    activations.set(p.identifier!, key);
    return service(key, previous && previous !== key ? serviceName(previous) : '');
  };
  /** The activations in SCC's shape (connect-ng's testdata/activations.json), with this system's services. */
  const activationList = () => {
    const shape = connectNgFixture<Array<Record<string, unknown>>>('activations.json')[0]!;
    return [...activations.values()].map((key) => ({ ...shape, service: service(key) }));
  };

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const unprocessable = (res: ServerResponse, message: string) =>
    res.writeHead(422, { 'content-type': 'application/json' }).end(sccErrorBody(message));

  function answer(req: IncomingMessage, res: ServerResponse, body: unknown, auth: string | undefined) {
    const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    // libzypp's RIS service index (RMT services_controller.rb): the product's repository.
    const index = /^GET \/access\/services\/(\d+)\/repo\/repoindex\.xml$/.exec(route);
    if (index) {
      const key = services[Number(index[1]) - 1];
      const repo = key ? opts.repos?.[key] : undefined;
      const alias = key ? `${key.replace(/\//g, '-')}-Pool` : '';
      const entry = repo ? `  <repo url="${repo}" alias="${alias}" name="${alias}" autorefresh="true" enabled="true"/>\n` : '';
      res.writeHead(200, { 'content-type': 'application/xml' }).end(`<repoindex ttl="86400">\n${entry}</repoindex>\n`);
      return;
    }
    if (!route.startsWith(`${req.method} /connect/`)) {
      res.writeHead(404).end();
      return;
    }
    const migrationQuery = /^POST \/connect\/systems\/products\/(offline_)?migrations$/.test(route);
    if (opts.fault === 'timeout' && migrationQuery) return; // never answers
    if (opts.fault && opts.fault !== 'timeout' && (migrationQuery || opts.fault.everywhere)) {
      res.writeHead(opts.fault.status, { 'content-type': opts.fault.contentType ?? 'application/json' }).end(opts.fault.body);
      return;
    }
    if (auth === undefined) {
      // Rails' basic-auth challenge when no credentials are sent at all.
      res.writeHead(401, { 'www-authenticate': 'Basic realm="RMT API"' }).end('HTTP Basic: Access denied.\n');
      return;
    }
    if (auth !== `${opts.username}:${opts.password}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(INVALID_CREDENTIALS);
      return;
    }
    const b = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case 'GET /connect/systems/activations':
        return json(res, 200, opts.activations ?? activationList());
      case 'POST /connect/systems/products/migrations':
      case 'POST /connect/systems/products/offline_migrations': {
        const installed = b.installed_products;
        if (!Array.isArray(installed) || installed.length === 0) {
          return unprocessable(res, 'Required parameters are missing or empty: installed_products');
        }
        if (route.endsWith('/migrations')) return json(res, 200, opts.online ?? []);
        if (!complete(b.target_base_product)) return unprocessable(res, 'Required parameters are missing or empty: target_base_product');
        const offline = opts.offline ?? {};
        return json(res, 200, offline[tripletOf(b.target_base_product)] ?? offline['*'] ?? []);
      }
      case 'POST /connect/systems/products':
      case 'PUT /connect/systems/products':
        if (!complete(b)) return unprocessable(res, 'Required parameters are missing or empty: identifier, version, arch');
        return json(res, 201, activate(b));
      case 'GET /connect/systems/products':
        if (!complete(b)) return unprocessable(res, 'Required parameters are missing or empty: identifier, version, arch');
        {
          const tree = connectNgFixture<SccProduct>('pkg/registration/product_tree.json');
          if (tripletOf(tree) === tripletOf(b)) return json(res, 200, tree);
          return json(res, 200, { ...(known.get(tripletOf(b)) ?? b), extensions: [] });
        }
      case 'POST /connect/systems/products/synchronize': {
        // The system's activations become the products it sent (SCC deactivates the others).
        const products = (Array.isArray(b.products) ? b.products : []).filter(complete);
        activations.clear();
        for (const p of products) activations.set(p.identifier!, tripletOf(p));
        return json(res, 200, products);
      }
      default:
        res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    }
  }

  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      const header = req.headers.authorization ?? '';
      const auth = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : undefined;
      let body: unknown;
      try {
        body = JSON.parse(data || 'null');
      } catch {
        body = data;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', auth, accept: req.headers.accept, body });
      answer(req, res, body, auth);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    activated: () => [...activations.values()].sort(),
    setFault: (fault) => {
      opts.fault = fault;
    },
    answerAs: (answers) => {
      Object.assign(opts, { offline: undefined, online: undefined, activations: undefined, fault: undefined }, answers);
      learnAll();
    },
    setRepo: (product, repo) => {
      opts.repos = { ...opts.repos, [product]: repo ?? '' };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
