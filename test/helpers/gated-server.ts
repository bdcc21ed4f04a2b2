// A repository server whose package downloads a test controls: hold them until released, or vanish mid-download.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import path from 'node:path';

export type RpmMode = 'serve' | 'hold' | 'vanish';

export interface GatedServer {
  url: string;
  /** Resolves when the first .rpm request arrived (the download phase has begun). */
  firstRpm: Promise<void>;
  /** Serves the held requests and every later one. */
  release(): void;
  close(): Promise<void>;
}

/** Serves `dir` (GET only, no directory listing); .rpm requests are served, held or answered by the server vanishing. */
export async function gatedServer(dir: string, mode: RpmMode): Promise<GatedServer> {
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  let released = mode === 'serve';
  let arrived!: () => void;
  const firstRpm = new Promise<void>((resolve) => (arrived = resolve));
  const send = async (res: http.ServerResponse, file: string) => {
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': st.size });
    createReadStream(file).pipe(res);
  };
  const server = http.createServer((req, res) => {
    const rel = path.posix.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !file.endsWith('.rpm') || released) {
      void send(res, file);
      return;
    }
    arrived();
    if (mode === 'vanish') {
      // Half a response, then the server is gone: connections cut, the port closed.
      res.writeHead(200, { 'Content-Length': 1_000_000 });
      res.write(Buffer.alloc(1000));
      server.close();
      for (const s of sockets) s.destroy();
      return;
    }
    held.push(() => void send(res, file));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    firstRpm,
    release() {
      released = true;
      for (const go of held.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}
