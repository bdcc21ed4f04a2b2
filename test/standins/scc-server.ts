// Stand-in for SCC's offline migration endpoint: POST /connect/systems/products/offline_migrations with basic auth.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SccStandIn {
  url: string;
  /** Bodies of the requests received, parsed. */
  requests: unknown[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers with `paths` (list of migration paths) for the given credentials, 401 otherwise; `paths` may be an {error} object. */
export async function startSccStandIn(opts: { username: string; password: string; answer: unknown }): Promise<SccStandIn> {
  const requests: unknown[] = [];
  const expected = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
  const server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.method !== 'POST' || req.url !== '/connect/systems/products/offline_migrations') {
      res.writeHead(404).end('{"error":"not found"}');
      return;
    }
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"Invalid system credentials"}');
      return;
    }
    requests.push(JSON.parse(text));
    const isError = typeof opts.answer === 'object' && opts.answer !== null && !Array.isArray(opts.answer);
    res.writeHead(isError ? 422 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(opts.answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
