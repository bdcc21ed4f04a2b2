// The mount ledger (/etc/system-root.fstab in the container): every mount this program made, undone in reverse.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';

export interface MountEntry {
  source: string;
  target: string;
  /**
   * Mounts already at the target when it was bound (in memory only; an entry read back from the
   * ledger counts 0): a host root bound recursively at /system-root has its /dev, /proc, /sys.
   */
  below?: number;
}

// fstab escapes white space and backslashes as octal (\040 for a space).
function escapeField(value: string): string {
  return value.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

function unescapeField(value: string): string {
  return value.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}

/** Ledger text: one `<source> <target> none defaults 0 0` line per mount, shallower targets first. */
export function formatLedger(entries: readonly MountEntry[]): string {
  return [...entries]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => depth(a.e.target) - depth(b.e.target) || a.i - b.i)
    .map(({ e }) => `${escapeField(e.source)} ${escapeField(e.target)} none defaults 0 0\n`)
    .join('');
}

/** Reads every ledger line, whatever its type field (the original reader dropped `none` lines). */
export function parseLedger(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const [source, target] = trimmed.split(/\s+/);
    if (source && target) entries.push({ source: unescapeField(source), target: unescapeField(target) });
  }
  return entries;
}

/** Order of unmounting: the reverse of the ledger, so deeper mounts go before the ones they sit on. */
export function unmountOrder(entries: readonly MountEntry[]): MountEntry[] {
  return parseLedger(formatLedger(entries)).reverse();
}

export async function readLedger(file: string): Promise<MountEntry[]> {
  try {
    return parseLedger(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Writes the ledger atomically (temp file + rename), so a crash never leaves half a ledger. */
export async function writeLedger(file: string, entries: readonly MountEntry[]): Promise<void> {
  if (entries.length === 0) {
    await rm(file, { force: true });
    return;
  }
  const tmp = `${file}.tmp`;
  await writeFile(tmp, formatLedger(entries), 'utf8');
  await rename(tmp, file);
}

/** Mount points currently present, from /proc/self/mountinfo (field 5, octal-escaped). */
export function mountPointsFrom(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => Boolean(p))
    .map(unescapeField);
}
