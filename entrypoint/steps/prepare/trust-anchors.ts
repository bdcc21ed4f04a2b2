// Imports the host's extra CA certificates so the container trusts the same servers (RMT, SMT, proxies).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { copyFromHost } from '../../system/container-files.js';
import type { StepContext } from '../types.js';

export const TRUST_ANCHOR_DIRS = ['/usr/share/pki/trust/anchors', '/etc/pki/trust/anchors'];

/** Copies every non-directory entry of the non-empty anchor directories, then updates the certificate pool once. */
export async function importTrustAnchors(ctx: StepContext): Promise<number> {
  let total = 0;
  for (const dir of TRUST_ANCHOR_DIRS) {
    let names: string[];
    try {
      names = await readdir(ctx.host(dir));
    } catch {
      continue;
    }
    if (names.length === 0) continue;
    let copied = 0;
    for (const name of names.sort()) {
      const hostPath = path.posix.join(dir, name);
      try {
        // Links are followed inside the host root, absolute and relative targets alike (the original resolved relative ones wrongly).
        if (await copyFromHost(ctx.files, hostPath, path.join(dir, name))) copied++;
      } catch (err) {
        ctx.log.warn({ event: 'prepare.trust' }, `trust anchor ${hostPath} could not be copied: ${(err as Error).message}`);
      }
    }
    ctx.log.info({ event: 'prepare.trust', dir, copied }, `imported ${copied} trust anchor(s) from the host's ${dir}`);
    total += copied;
  }
  if (total > 0) {
    const update = await ctx.exec.run(['update-ca-certificates'], { allowFailure: true });
    if (!update.ok) ctx.log.warn({ event: 'prepare.trust' }, 'update-ca-certificates failed; servers with a private CA may be refused');
  }
  return total;
}
