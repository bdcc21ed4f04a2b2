// A small HTTP forward proxy on loopback that demands Basic proxy credentials, for proxy tests:
// records every request it forwarded and whether it came with the right credentials.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardProxy {
  port: number;
  /** Forwarded requests (absolute URLs), only those with the right credentials. */
  forwarded: string[];
  /** Requests refused with 407 (no or wrong credentials). */
  refused: number;
  close(): Promise<void>;
}

export async function startForwardProxy(user: string, password: string): Promise<ForwardProxy> {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const state = { forwarded: [] as string[], refused: 0 };
  const server = createServer((req, res) => {
    if (req.headers['proxy-authorization'] !== expected) {
      state.refused++;
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="dms-test-proxy"' }).end();
      return;
    }
    const url = new URL(req.url ?? '');
    state.forwarded.push(url.href);
    const headers = { ...req.headers, host: url.host };
    delete headers['proxy-authorization'];
    const upstream = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get forwarded() {
      return state.forwarded;
    },
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
