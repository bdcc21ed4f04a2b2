// Which disk holds a mount point, and its stable /dev/disk/by-id name (for the Azure metadata tool, SPEC 7.1).
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

/** The device of `findmnt --output SOURCE`, without a btrfs subvolume suffix (`/dev/sda2[/@/.snapshots/1]`). */
export function mountSource(findmntOutput: string): string | undefined {
  const first = findmntOutput
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  if (!first) return undefined;
  const cut = first.split('[')[0]!.trim();
  return cut.startsWith('/dev/') ? cut : undefined;
}

/** First row of type disk or raid in `lsblk -p -n -r -s -o NAME,TYPE` output (the device and its parents). */
export function diskFromLsblk(lsblkOutput: string): string | undefined {
  for (const line of lsblkOutput.split('\n')) {
    const [name, type] = line.trim().split(/\s+/);
    if (name && type && (type === 'disk' || type.startsWith('raid'))) return name;
  }
  return undefined;
}

/** The first (sorted) link in `byIdDir` that resolves to `node`, as a path in that directory. */
export async function byIdLink(node: string, byIdDir = '/dev/disk/by-id'): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(byIdDir)).sort();
  } catch {
    return undefined;
  }
  const wanted = await realpath(node).catch(() => node);
  for (const name of names) {
    const link = path.join(byIdDir, name);
    if ((await realpath(link).catch(() => undefined)) === wanted) return link;
  }
  return undefined;
}
