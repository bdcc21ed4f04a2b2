// HTTP(S) requests as the host makes them: through the host's proxy (/etc/sysconfig/proxy, NO_PROXY
// respected, credentials from the proxy URL or root's ~/.curlrc) and trusting the host's certificates
// (its trust anchors and system bundle) besides Node's own roots. Used for the registration server.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import type * as Undici from 'undici';
import { redactText } from '../log/redact.js';
import { onHost } from '../paths.js';
import { resolveInRoot } from './host-files.js';
import { curlrcProxyUser, parseProxyFile, PROXY_FILE } from './proxy.js';

/** Root's curl configuration: where YaST keeps the proxy user and password. */
export const CURLRC = '/root/.curlrc';
/** Local trust anchors (update-ca-certificates reads these), then SUSE's generated system bundle. */
export const TRUST_ANCHOR_DIRS = ['/etc/pki/trust/anchors', '/usr/share/pki/trust/anchors'];
export const SYSTEM_BUNDLE = '/var/lib/ca-certificates/ca-bundle.pem';

export interface HostProxy {
  /** The proxy, without credentials (safe to show). */
  url: URL;
  /** `user:password`, never shown. */
  credentials?: string;
}

export interface HostNetwork {
  /** Proxy for http:// and for https:// targets; none when the host's proxy is not enabled. */
  proxies: { http?: HostProxy; https?: HostProxy };
  /** The host's NO_PROXY list, as written. */
  noProxy: string;
  /** PEM certificates the host trusts (anchors, system bundle): trusted in addition to Node's roots. */
  certificates: string[];
  /** Host files that held them. */
  certificateFiles: string[];
}

/** Proxy URL of sysconfig/proxy (`http://u:p@proxy:3128`, also without scheme: `proxy:3128`) with its credentials apart. */
export function parseProxyUrl(value: string, curlrcUser?: string): HostProxy | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const fromUrl = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  url.username = '';
  url.password = '';
  const credentials = curlrcUser ?? fromUrl;
  return { url, ...(credentials ? { credentials } : {}) };
}

/** The proxies of the texts of sysconfig/proxy and ~/.curlrc (either may be missing). */
export function proxiesOf(proxyFile: string | undefined, curlrc: string | undefined): Pick<HostNetwork, 'proxies' | 'noProxy'> {
  const settings = parseProxyFile(proxyFile ?? '');
  if (!settings.enabled) return { proxies: {}, noProxy: '' };
  const user = curlrcProxyUser(curlrc ?? '');
  const http = settings.env.http_proxy ? parseProxyUrl(settings.env.http_proxy, user) : undefined;
  const https = settings.env.https_proxy ? parseProxyUrl(settings.env.https_proxy, user) : undefined;
  return { proxies: { ...(http ? { http } : {}), ...(https ? { https } : {}) }, noProxy: settings.env.no_proxy ?? '' };
}

/**
 * Whether NO_PROXY exempts the host, as curl and python-requests read it: `*` exempts every host; an entry
 * matches the host itself and its subdomains (a leading `.` or `*.` is ignored); IP addresses match
 * exactly, CIDR ranges by prefix. Loopback is proxied like any other address unless listed.
 */
export function bypassesProxy(hostname: string, noProxy: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const family = isIP(cidr[1]!);
      if (family === 0 || isIP(host) !== family) continue;
      const range = new BlockList();
      range.addSubnet(cidr[1]!, Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
      if (range.check(host, family === 4 ? 'ipv4' : 'ipv6')) return true;
      continue;
    }
    const name = entry.replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (host === name || (isIP(host) === 0 && host.endsWith(`.${name}`))) return true;
  }
  return false;
}

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, net: HostNetwork): HostProxy | undefined {
  const proxy = target.protocol === 'https:' ? net.proxies.https : target.protocol === 'http:' ? net.proxies.http : undefined;
  if (!proxy || bypassesProxy(target.hostname, net.noProxy)) return undefined;
  return proxy;
}

/** How a request to `target` travels, for messages: "directly" or "through the proxy http://proxy:3128". */
export function routeOf(target: URL, net: HostNetwork): string {
  const proxy = proxyFor(target, net);
  return proxy ? `through the proxy ${proxy.url.origin}` : 'directly';
}

/** Every certificate of a file: PEM blocks (CERTIFICATE, TRUSTED CERTIFICATE), or one DER certificate. */
export function certificatesIn(data: Buffer): string[] {
  const text = data.toString('latin1');
  const blocks = [...text.matchAll(/-----BEGIN (TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END \1?CERTIFICATE-----/g)];
  const out: string[] = [];
  for (const [, , body] of blocks) {
    try {
      // A TRUSTED CERTIFICATE is the certificate followed by OpenSSL's trust settings: the parser reads the certificate.
      out.push(new X509Certificate(Buffer.from(body!.replace(/\s+/g, ''), 'base64')).toString());
    } catch {
      // not a certificate: skipped
    }
  }
  if (blocks.length > 0) return out;
  try {
    return [new X509Certificate(data).toString()];
  } catch {
    return [];
  }
}

/** Regular files of a host directory (symlinks resolved inside the root), as host paths, sorted. */
async function hostFilesIn(root: string, dir: string): Promise<string[]> {
  const names = await readdir(onHost(root, dir)).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of names.sort()) {
    const resolved = await resolveInRoot(root, path.posix.join(dir, name)).catch(() => undefined);
    const st = resolved === undefined ? undefined : await lstat(onHost(root, resolved)).catch(() => undefined);
    if (resolved && st?.isFile()) out.push(resolved);
  }
  return out;
}

/** The certificates the host trusts beyond Node's roots: its trust anchors, then its system bundle. */
export async function hostCertificates(root: string): Promise<Pick<HostNetwork, 'certificates' | 'certificateFiles'>> {
  const files = [...(await Promise.all(TRUST_ANCHOR_DIRS.map((d) => hostFilesIn(root, d)))).flat()];
  const bundle = await resolveInRoot(root, SYSTEM_BUNDLE).catch(() => undefined);
  if (bundle) files.push(bundle);
  const certificates: string[] = [];
  const certificateFiles: string[] = [];
  for (const file of files) {
    const data = await readFile(onHost(root, file)).catch(() => undefined);
    const found = data ? certificatesIn(data) : [];
    if (found.length === 0) continue;
    certificates.push(...found);
    certificateFiles.push(file);
  }
  return { certificates, certificateFiles };
}

/** The host's proxy and trusted certificates, read from the host root. */
export async function readHostNetwork(root: string): Promise<HostNetwork> {
  const read = async (p: string) => readFile(onHost(root, await resolveInRoot(root, p)), 'utf8').catch(() => undefined);
  return { ...proxiesOf(await read(PROXY_FILE), await read(CURLRC)), ...(await hostCertificates(root)) };
}

// undici, loaded on first use: evaluating it (with node:http, node:tls) costs a start about 40 ms that only the
// registration checks need. esbuild inlines the dynamic import: the bundle stays one file.
type Http = typeof Undici & { rootCertificates: readonly string[] };
let httpLoading: Promise<Http> | undefined;
const loadHttp = (): Promise<Http> => {
  httpLoading ??= Promise.all([import('undici'), import('node:tls')]).then(([u, tls]) => ({
    ...u,
    rootCertificates: tls.rootCertificates,
  }));
  return httpLoading;
};

function dispatcherFor({ Agent, ProxyAgent, rootCertificates }: Http, target: URL, net: HostNetwork): Undici.Dispatcher {
  // Giving `ca` replaces Node's roots: keep them, and add the host's.
  const ca = [...rootCertificates, ...net.certificates];
  const proxy = proxyFor(target, net);
  if (!proxy) return new Agent({ connect: { ca } });
  return new ProxyAgent({
    uri: proxy.url.href,
    ...(proxy.credentials ? { token: `Basic ${Buffer.from(proxy.credentials).toString('base64')}` } : {}),
    requestTls: { ca },
    proxyTls: { ca },
    // http:// targets as curl and requests send them: the absolute URL to the proxy; https:// through CONNECT.
    proxyTunnel: target.protocol === 'https:',
  });
}

export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
}

/** Why a request failed, in one line: the cause's code and message ("fetch failed" alone says nothing). */
function failureOf(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = e.cause;
  if (cause) return `${cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ` : ''}${cause.message}`;
  return e.message;
}

/**
 * One request the way the host would make it (proxy, NO_PROXY, trusted certificates); the whole answer is
 * read before the connection closes. Throws one line naming the URL, the route and the cause.
 */
export async function hostRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
  net: HostNetwork,
): Promise<HttpAnswer> {
  const target = new URL(url);
  const lib = await loadHttp();
  const dispatcher = dispatcherFor(lib, target, net);
  try {
    const response = await lib.fetch(target, {
      method: init.method,
      headers: init.headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: AbortSignal.timeout(init.timeoutMs),
      dispatcher,
    });
    return { status: response.status, ok: response.ok, text: await response.text() };
  } catch (err) {
    throw new Error(redactText(`${target.href} could not be reached ${routeOf(target, net)}: ${failureOf(err, init.timeoutMs)}`));
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}
