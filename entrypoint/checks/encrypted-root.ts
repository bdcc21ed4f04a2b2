// encrypted-root: LUKS-encrypted file systems in /etc/fstab must be unlockable at the first boot of the new release (SPEC 6.3).
import { pathExists } from '../system/fs.js';
import { blkidTypeQuery } from '../system/read-only.js';
import { readOptional } from '../system/fs.js';
import { fail, pass, type Check } from './types.js';

/** Device names (`/dev/mapper/<name>`) that /etc/crypttab opens. */
export function crypttabNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/)[0]!);
}

export const encryptedRoot: Check = {
  id: 'encrypted-root',
  title: 'Encrypted file systems',
  severity: 'warning',
  remediation: 'keep the passphrase or key file at hand for the first boot of the new release, and check that /etc/crypttab is complete',
  async run(ctx) {
    const mapped = new Set(crypttabNames((await readOptional(ctx.host('/etc/crypttab'))) ?? ''));
    const fstab = (await readOptional(ctx.host('/etc/fstab'))) ?? '';
    const evidence: string[] = [];
    for (const line of fstab.split('\n')) {
      const [device, mountPoint, type] = line.trim().split(/\s+/);
      if (!device || device.startsWith('#') || !mountPoint || type === 'swap' || type === 'none') continue;
      const name = /^\/dev\/mapper\/(.+)$/.exec(device)?.[1];
      if (name && mapped.has(name)) {
        evidence.push(`${mountPoint} is on ${device}, opened by /etc/crypttab`);
        continue;
      }
      // A plain device: ask blkid (read-only) whether it is a LUKS container.
      if (device.startsWith('/dev/') && (await pathExists(device))) {
        const r = await ctx.exec.query(blkidTypeQuery(device));
        if (r.ok && /LUKS/i.test(r.stdout)) evidence.push(`${mountPoint} is on ${device}, a LUKS device`);
      }
    }
    return evidence.length > 0 ? fail(evidence) : pass('no encrypted file system in /etc/fstab');
  },
};
