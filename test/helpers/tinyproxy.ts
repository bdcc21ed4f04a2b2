// A real HTTP proxy on loopback for proxy tests: Debian's tinyproxy on a free port with a generated
// configuration (optionally demanding Basic credentials); its log tells which requests went through it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Tinyproxy {
  port: number;
  /** http://127.0.0.1:<port>, without credentials. */
  url: string;
  /** The request lines tinyproxy logged ("GET http://…", "CONNECT 127.0.0.1:443"), in order. */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Starts tinyproxy in the foreground; with `auth`, requests without those Basic credentials get 407. */
export async function startTinyproxy(auth?: { user: string; password: string }): Promise<Tinyproxy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-tinyproxy-'));
  const port = await freePort();
  const log = path.join(dir, 'tinyproxy.log');
  const conf = path.join(dir, 'tinyproxy.conf');
  // No ConnectPort line: CONNECT is allowed to every port (the stand-ins listen on random ones).
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 30',
      `LogFile "${log}"`,
      'LogLevel Connect',
      'MaxClients 20',
      ...(auth ? [`BasicAuth ${auth.user} ${auth.password}`] : []),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', conf], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  // Ready when it accepts connections (bounded: 200 tries).
  let ready = false;
  for (let i = 0; i < 200 && !ready && child.exitCode === null; i++) {
    ready = await accepts(port);
    if (!ready) await new Promise((r) => setTimeout(r, 25));
  }
  if (!ready) {
    child.kill();
    const why = await Promise.race([spawnError.then((e) => e.message), exited.then(() => `exit code ${child.exitCode}`)]);
    throw new Error(`tinyproxy did not start on port ${port} (${why}); install it: apt-get install tinyproxy-bin`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async requests() {
      const text = await readFile(log, 'utf8').catch(() => '');
      return [...text.matchAll(/: Request \(file descriptor \d+\): (.*?) HTTP\/1\.\d$/gm)].map((m) => m[1]!);
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
