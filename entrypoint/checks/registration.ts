// Registration facts of the host, read from its files: server URL, SCC credentials, cloud update infrastructure.
import { parse } from 'yaml';
import { pathExists } from '../system/fs.js';
import { readOptional } from './read.js';
import type { CheckContext } from './types.js';

export const SCC_URL = 'https://scc.suse.com';
export const CREDENTIALS = '/etc/zypp/credentials.d/SCCcredentials';

export interface Registration {
  /** The registration server (SCC, RMT, SMT); undefined when /etc/SUSEConnect has no url. */
  server?: string;
  credentials?: { username: string; password: string };
  /** Registered to the public cloud's update infrastructure (regionsrv client). */
  cloud: boolean;
}

export async function readRegistration(ctx: Pick<CheckContext, 'host'>): Promise<Registration> {
  const connect = await readOptional(ctx.host('/etc/SUSEConnect'));
  let server: string | undefined = SCC_URL;
  if (connect !== undefined) {
    const data = (() => {
      try {
        return parse(connect) as unknown;
      } catch {
        return undefined;
      }
    })();
    const url = data && typeof data === 'object' ? (data as Record<string, unknown>).url : undefined;
    server = typeof url === 'string' && url ? url.replace(/\/+$/, '') : undefined;
  }
  const creds = (await readOptional(ctx.host(CREDENTIALS))) ?? '';
  const username = /^username=(.*)$/m.exec(creds)?.[1]?.trim();
  const password = /^password=(.*)$/m.exec(creds)?.[1]?.trim();
  const hosts = (await readOptional(ctx.host('/etc/hosts'))) ?? '';
  const cloud = (await pathExists(ctx.host('/etc/regionserverclnt.cfg'))) || /susecloud\.net/.test(hosts);
  return { ...(server ? { server } : {}), ...(username && password ? { credentials: { username, password } } : {}), cloud };
}
