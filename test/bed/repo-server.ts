// A tiny static HTTP server (GET/HEAD) on 127.0.0.1 that serves a directory, e.g. the repositories to zypper.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Transform } from 'node:stream';

export interface Served {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.gz': 'application/gzip',
  '.rpm': 'application/x-rpm',
  '.asc': 'text/plain',
  '.key': 'text/plain',
  '.txt': 'text/plain',
  '.repo': 'text/plain',
};

/** A bandwidth limit shared by every connection of one server: the time the next byte may leave. */
interface Pace {
  bytesPerSecond: number;
  next: number;
}

/** Delays chunks so that all responses together stay at or below the limit (a simple shared token schedule). */
function paced(pace: Pace): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const now = performance.now();
      pace.next = Math.max(now, pace.next) + (chunk.length / pace.bytesPerSecond) * 1000;
      const wait = pace.next - now;
      if (wait < 1) done(null, chunk);
      else setTimeout(() => done(null, chunk), wait);
    },
  });
}

const isInside = (base: string, p: string) => p === base || p.startsWith(`${base}${path.sep}`);

/** Maps a URL path to a file inside `base`, or undefined if it would leave `base`. */
function resolveInside(base: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  return isInside(base, file) ? file : undefined;
}

async function handle(base: string, req: http.IncomingMessage, res: http.ServerResponse, pace?: Pace): Promise<void> {
  const send = (code: number, text: string) => {
    res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(405, 'method not allowed\n');
  }
  const urlPath = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = resolveInside(base, urlPath);
  // A symlink inside `base` must not lead out of it either.
  const real = file === undefined ? undefined : await realpath(file).catch(() => undefined);
  const inside = real !== undefined && isInside(base, real);
  const st = file === undefined || !inside ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || st === undefined || !st.isFile()) return send(404, 'not found\n');
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Last-Modified': st.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  if (pace) stream.pipe(paced(pace)).pipe(res);
  else stream.pipe(res);
}

/** Serves `dir`; `bytesPerSecond` limits the bandwidth of all responses together (a slow network for the benchmark). */
export async function serveDirectory(dir: string, opts: { port?: number; bytesPerSecond?: number } = {}): Promise<Served> {
  const base = await realpath(path.resolve(dir));
  const pace = opts.bytesPerSecond ? { bytesPerSecond: opts.bytesPerSecond, next: 0 } : undefined;
  const server = http.createServer((req, res) => {
    handle(base, req, res, pace).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
