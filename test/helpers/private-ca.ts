// A private certificate authority made with openssl, and a TLS front for a plain HTTP stand-in: an HTTPS
// server on loopback whose certificate (for 127.0.0.1) only that CA signs.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivateCa {
  /** The CA certificate (PEM): what a host puts into /etc/pki/trust/anchors. */
  caPem: string;
  /** The same certificate in DER form. */
  caDer: Buffer;
  /** Key and certificate of a server named 127.0.0.1 (and localhost), signed by the CA. */
  serverKey: string;
  serverCert: string;
}

export async function makePrivateCa(): Promise<PrivateCa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-ca-'));
  const f = (name: string) => path.join(dir, name);
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=dms test private CA',
    ]);
    await run('openssl', [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f('server.key'),
      '-out',
      f('server.csr'),
      '-subj',
      '/CN=127.0.0.1',
    ]);
    await writeFile(f('ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('server.pem'),
      '-days',
      '2',
      '-extfile',
      f('ext'),
    ]);
    await run('openssl', ['x509', '-in', f('ca.pem'), '-outform', 'DER', '-out', f('ca.der')]);
    return {
      caPem: await readFile(f('ca.pem'), 'utf8'),
      caDer: await readFile(f('ca.der')),
      serverKey: await readFile(f('server.key'), 'utf8'),
      serverCert: await readFile(f('server.pem'), 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TlsFront {
  /** https://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** Terminates TLS with the CA's server certificate and passes every connection on to the plain `backendUrl`. */
export async function startTlsFront(ca: PrivateCa, backendUrl: string): Promise<TlsFront> {
  const backend = new URL(backendUrl);
  const server: Server = createServer({ key: ca.serverKey, cert: ca.serverCert }, (client) => {
    const upstream = connect(Number(backend.port), backend.hostname);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  // A client that refuses the certificate ends the handshake: not the front's failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
