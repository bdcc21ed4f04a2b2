// Parses os-release files (keys case-insensitive, quotes stripped, comments and junk lines skipped).
import { readTextFile } from './fs.js';

export type OsRelease = Record<string, string>;

export function parseOsRelease(text: string): OsRelease {
  const out: OsRelease = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toUpperCase();
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
      value = value.slice(1, -1);
    }
    out[key] = value;
  }
  return out;
}

export async function readOsRelease(file: string): Promise<OsRelease | undefined> {
  try {
    return parseOsRelease(await readTextFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** "SLES 12-SP5" style label for messages. */
export function describeRelease(release: OsRelease | undefined): string {
  if (!release) return 'unknown system';
  return release.PRETTY_NAME ?? `${release.NAME ?? 'unknown'} ${release.VERSION ?? release.VERSION_ID ?? ''}`.trim();
}
