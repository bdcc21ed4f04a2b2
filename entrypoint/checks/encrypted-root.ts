// encrypted-root: LUKS-encrypted file systems in /etc/fstab must be unlockable at the first boot of the new release (SPEC 6.3).
// As the original (prechecks/fs.py with fstab.py): every fstab source but swap and `none`, UUID=/LABEL=/PARTUUID=
// as their /dev/disk/by-* links, is asked to blkid; sources that do not exist are named and skipped. Ours also
// reports file systems on a /dev/mapper device that /etc/crypttab opens (fstab names the opened device, whose
// type is the inner file system, not LUKS).
import { pathExists, readOptional } from '../system/fs.js';
import { blkidTypeQuery } from '../system/read-only.js';
import { fail, pass, type Check } from './types.js';

/** Device names (`/dev/mapper/<name>`) that /etc/crypttab opens. */
export function crypttabNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/)[0]!);
}

/** The udev links the tags of an fstab source stand for (fstab.py's translation, plus PARTLABEL=). */
const TAG_LINKS: Record<string, string> = {
  UUID: '/dev/disk/by-uuid/',
  LABEL: '/dev/disk/by-label/',
  PARTUUID: '/dev/disk/by-partuuid/',
  PARTLABEL: '/dev/disk/by-partlabel/',
};

/** The path of an fstab source: `UUID=x` is /dev/disk/by-uuid/x (quotes dropped), a path stays itself. */
export function fstabDevicePath(source: string): string {
  const tag = /^([A-Z]+)=(.*)$/.exec(source);
  const link = tag ? TAG_LINKS[tag[1]!] : undefined;
  return link ? `${link}${tag![2]!.replace(/^"(.*)"$/, '$1')}` : source;
}

export interface FstabEntry {
  source: string;
  mountPoint: string;
  type: string;
}

/** The entries fstab.py keeps: not comments, not swap, not type `none`. */
export function fstabEntries(text: string): FstabEntry[] {
  const out: FstabEntry[] = [];
  for (const line of text.split('\n')) {
    const [source, mountPoint, type] = line.trim().split(/\s+/);
    if (!source || source.startsWith('#') || !mountPoint || !type) continue;
    if (type === 'swap' || type.toLowerCase() === 'none') continue;
    out.push({ source, mountPoint, type });
  }
  return out;
}

export const encryptedRoot: Check = {
  id: 'encrypted-root',
  title: 'Encrypted file systems',
  severity: 'warning',
  remediation: 'keep the passphrase or key file at hand for the first boot of the new release, and check that /etc/crypttab is complete',
  async run(ctx) {
    const mapped = new Set(crypttabNames((await readOptional(ctx.host('/etc/crypttab'))) ?? ''));
    const encrypted: string[] = [];
    const notFound: string[] = [];
    let checked = 0;
    for (const { source, mountPoint } of fstabEntries((await readOptional(ctx.host('/etc/fstab'))) ?? '')) {
      const name = /^\/dev\/mapper\/(.+)$/.exec(source)?.[1];
      if (name && mapped.has(name)) {
        encrypted.push(`${mountPoint} is on ${source}, opened by /etc/crypttab`);
        continue;
      }
      const device = fstabDevicePath(source);
      // Not a path (tmpfs, proc, server:/export): nothing blkid could read.
      if (!device.startsWith('/')) continue;
      // The host's /dev (udev's /dev/disk links live there; the container's own /dev has none of them).
      const onHost = ctx.host(device);
      if (!(await pathExists(onHost))) {
        notFound.push(`${device} (${mountPoint})`);
        continue;
      }
      checked++;
      const r = await ctx.exec.query(blkidTypeQuery(onHost));
      if (r.ok && r.stdout.includes('LUKS')) {
        encrypted.push(`${mountPoint} is on ${device === source ? device : `${source} (${device})`}, a LUKS device`);
      }
    }
    const skipped = notFound.length > 0 ? [`not found on the host, not checked: ${notFound.join(', ')}`] : [];
    if (encrypted.length > 0) return fail([...encrypted, ...skipped]);
    return pass(`no encrypted file system in /etc/fstab (${checked} device(s) asked to blkid)`, ...skipped);
  },
};
