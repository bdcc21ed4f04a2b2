// STAND-IN for the SUSE Customer Center (or RMT) registration server: answers the offline-migration
// query of the zypper-migration stand-in on loopback (the test container uses the host network).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SccProduct {
  identifier: string;
  version: string;
  arch: string;
  /** Repository the stand-in plugin adds to the host for this product (a test-bed repository). */
  repo_url: string;
}

export interface SccRequest {
  path: string;
  /** username:password from the Basic authorization header. */
  auth?: string;
  body: unknown;
}

export interface SccStandin {
  url: string;
  requests: SccRequest[];
  close(): Promise<void>;
}

/**
 * Serves POST /connect/systems/products/offline_migrations: the migration path for the requested
 * target (`NAME/VERSION/ARCH` key of `migrations`), `[]` when there is none, 401 for other credentials.
 */
export async function startSccStandin(opts: {
  username: string;
  password: string;
  migrations: Record<string, SccProduct[]>;
}): Promise<SccStandin> {
  const requests: SccRequest[] = [];
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
      requests.push({ path: req.url ?? '', auth, body });
      if (auth !== `${opts.username}:${opts.password}`) {
        res.writeHead(401).end('{"error":"Invalid system credentials"}');
        return;
      }
      if (req.method !== 'POST' || req.url !== '/connect/systems/products/offline_migrations') {
        res.writeHead(404).end('{}');
        return;
      }
      const t = (body as { target_base_product?: { identifier: string; version: string; arch: string } })?.target_base_product;
      const path = t ? opts.migrations[`${t.identifier}/${t.version}/${t.arch}`] : undefined;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(path ? [path] : []));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
