// Which disk holds a mount point, and its stable /dev/disk/by-id name (for the Azure metadata tool, SPEC 7.1).
// The original's prepare.py get_root_disk_device and get_by_id_device, step for step.
import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';

/** `findmnt` naming the source of the file system mounted at `mountpoint`. */
export function findmntSourceArgv(mountpoint: string): string[] {
  return ['findmnt', '--first', '--noheadings', '--output', 'SOURCE', '--mountpoint', mountpoint];
}

/** `lsblk` of a device and the devices it sits on (-s: the inverse tree), full paths, raw rows of NAME TYPE. */
export function lsblkParentsArgv(device: string): string[] {
  return ['lsblk', '-p', '-n', '-r', '-s', '-o', 'NAME,TYPE', device];
}

/**
 * The source of `findmnt --output SOURCE`, cut before a btrfs subvolume suffix
 * (`/dev/sda2[/@/.snapshots/1/snapshot]` -> `/dev/sda2`); undefined when findmnt printed nothing.
 * Whatever else it names goes to lsblk, as in the original (lsblk then says what it is not).
 */
export function mountSource(findmntOutput: string): string | undefined {
  const source = findmntOutput.split('[')[0]!.trim();
  return source === '' ? undefined : source;
}

/**
 * The first row of type `disk` or `raid` (exactly those words, as the original) in
 * `lsblk -p -n -r -s -o NAME,TYPE` output. An md array's rows say `raid1`, `raid5`...: not taken,
 * the search goes on to the disks under it.
 */
export function diskFromLsblk(lsblkOutput: string): string | undefined {
  for (const line of lsblkOutput.split('\n')) {
    const [name, type] = line.trim().split(/\s+/);
    if (name && (type === 'disk' || type === 'raid')) return name;
  }
  return undefined;
}

/**
 * The first link in `byIdDir` (sorted, names starting with a dot left out as the original's glob
 * does) that resolves to `node` exactly as lsblk named it.
 */
export async function byIdLink(node: string, byIdDir = '/dev/disk/by-id'): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(byIdDir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return undefined;
  }
  for (const name of names) {
    const link = path.join(byIdDir, name);
    if (
      !(await lstat(link).then(
        (s) => s.isSymbolicLink(),
        () => false,
      ))
    )
      continue;
    // Python's realpath also resolves a link whose target is missing: the target's path then.
    const target = await realpath(link).catch(async () => path.resolve(byIdDir, await readlink(link).catch(() => '')));
    if (target === node) return link;
  }
  return undefined;
}
