// The host's registration, read from its files: server URL, SCC credentials, public cloud update infrastructure.
import { parse } from 'yaml';
import { pathExists, readOptional } from './fs.js';

export const SCC_URL = 'https://scc.suse.com';
export const CREDENTIALS = '/etc/zypp/credentials.d/SCCcredentials';

export interface Registration {
  /** The registration server (SCC, RMT, SMT): /etc/SUSEConnect's `url`, SCC when it names none (as SUSEConnect does). */
  server: string;
  credentials?: { username: string; password: string };
  /** Registered to the public cloud's update infrastructure (regionsrv client). */
  cloud: boolean;
}

function urlOf(suseConnect: string | undefined): string | undefined {
  if (suseConnect === undefined) return undefined;
  try {
    const data = parse(suseConnect) as unknown;
    const url = data && typeof data === 'object' ? (data as Record<string, unknown>).url : undefined;
    return typeof url === 'string' && url ? url.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** `host` maps a host path to where it is in this container (e.g. /etc/hosts -> /system-root/etc/hosts). */
export async function readRegistration(host: (p: string) => string): Promise<Registration> {
  const server = urlOf(await readOptional(host('/etc/SUSEConnect'))) ?? SCC_URL;
  const creds = (await readOptional(host(CREDENTIALS))) ?? '';
  const username = /^username=(.*)$/m.exec(creds)?.[1]?.trim();
  const password = /^password=(.*)$/m.exec(creds)?.[1]?.trim();
  const hosts = (await readOptional(host('/etc/hosts'))) ?? '';
  const cloud = (await pathExists(host('/etc/regionserverclnt.cfg'))) || /susecloud\.net/.test(hosts);
  return { server, ...(username && password ? { credentials: { username, password } } : {}), cloud };
}
