// Logs the container's network view (addresses, routes, DNS, bonds) for diagnosing repository access.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.js';
import type { Exec } from './exec.js';

type Host = { log: Logger; exec: Exec };

const BONDING_DIR = '/proc/net/bonding';

async function logFile(ctx: Host, file: string): Promise<void> {
  try {
    ctx.log.info({ event: 'prepare.network', file }, `${file}:\n${(await readFile(file, 'utf8')).trimEnd()}`);
  } catch (err) {
    ctx.log.info({ event: 'prepare.network', file }, `${file} not readable: ${(err as Error).message}`);
  }
}

/** `ip a`, `ip r`, /etc/resolv.conf and every /proc/net/bonding/bond* (errors only logged). */
export async function logNetworkDetails(ctx: Host): Promise<void> {
  for (const argv of [
    ['ip', 'a'],
    ['ip', 'r'],
  ]) {
    const result = await ctx.exec.run(argv, { allowFailure: true, quiet: true });
    if (result.ok) ctx.log.info({ event: 'prepare.network' }, `${argv.join(' ')}:\n${result.stdout.trimEnd()}`);
  }
  await logFile(ctx, '/etc/resolv.conf');
  const bonds = await readdir(BONDING_DIR).catch(() => [] as string[]);
  for (const name of bonds.filter((n) => n.startsWith('bond')).sort()) await logFile(ctx, path.join(BONDING_DIR, name));
}
