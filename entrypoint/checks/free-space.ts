// free-space: every file system the upgrade writes to must hold what it downloads and installs (from the plan).
import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { HOST_FILES } from '../paths.js';
import type { Plan } from '../plan/types.js';
import { fail, pass, type Check } from './types.js';

/** Where the upgrade downloads to (zypper --root keeps its package cache in the host root) and installs to. */
const DOWNLOAD_DIR = '/var/cache/zypp/packages';
const INSTALL_DIR = '/usr';
/** Room for metadata, scriptlets and rpm's own temporary files on top of the plan's figures. */
const MARGIN = 1.1;
/**
 * What the run writes to the host's /var/log: our two logs, the report and zypper's own log, which grows most
 * (its solver and per-package lines). A fixed part plus a part per changed package; the image test
 * "full /var/log" checks a whole migration stays below it.
 */
const LOG_BASE_BYTES = 8 * 1024 * 1024;
const LOG_BYTES_PER_PACKAGE = 64 * 1024;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function existingAncestor(p: string): Promise<string> {
  let current = p;
  for (;;) {
    if (
      await stat(current).then(
        () => true,
        () => false,
      )
    )
      return current;
    const up = path.dirname(current);
    if (up === current) return current;
    current = up;
  }
}

/** Room the logs of a run take on the host (see LOG_BASE_BYTES). */
export function logBytesNeeded(plan: Plan): number {
  const packages = plan.upgrade.length + plan.install.length + plan.remove.length + plan.downgrade.length;
  return LOG_BASE_BYTES + packages * LOG_BYTES_PER_PACKAGE;
}

export const freeSpace: Check = {
  id: 'free-space',
  title: 'Enough free space for the download, the installation and the logs',
  severity: 'inhibitor',
  remediation:
    'free space on the file systems named above (zypper clean --all; remove old snapshots with snapper delete; remove unneeded packages; for /var/log: remove or compress old logs), then run the check again',
  needsPlan: true,
  async run(ctx) {
    const plan = ctx.plan;
    if (!plan?.computed || plan.downloadBytes === undefined) {
      throw new Error('the plan has no download size, so the needed space is unknown (see the solver-plan check)');
    }
    const needs = [
      { what: 'download', dir: DOWNLOAD_DIR, bytes: plan.downloadBytes },
      { what: 'installation', dir: INSTALL_DIR, bytes: Math.max(0, plan.spaceUsageDiffBytes ?? 0) },
      { what: 'logs', dir: path.dirname(HOST_FILES.log), bytes: logBytesNeeded(plan) },
    ];
    // Needs on the same file system add up.
    const byDevice = new Map<number, { dirs: string[]; bytes: number; free: number }>();
    for (const need of needs) {
      // The directory's own links are followed inside the host root (a /var/log that links to /srv/log).
      const at = await existingAncestor(path.dirname(ctx.host(`${need.dir}/.dms-probe`)));
      const dev = (await stat(at)).dev;
      const fs = await statfs(at);
      const entry = byDevice.get(dev) ?? { dirs: [], bytes: 0, free: fs.bavail * fs.bsize };
      entry.dirs.push(`${need.dir} (${need.what} ${mib(need.bytes)})`);
      entry.bytes += need.bytes;
      byDevice.set(dev, entry);
    }
    const evidence: string[] = [];
    let short = false;
    for (const { dirs, bytes, free } of byDevice.values()) {
      const needed = Math.ceil(bytes * MARGIN);
      const ok = free >= needed;
      short ||= !ok;
      evidence.push(`${ok ? 'enough' : 'NOT ENOUGH'}: ${dirs.join(' + ')} needs ${mib(needed)} with a 10% margin, ${mib(free)} free`);
    }
    return short ? fail(evidence) : pass(...evidence);
  },
};
