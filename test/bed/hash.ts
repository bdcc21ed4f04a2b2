// Short content hashes of the generator's inputs, used as cache keys.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { bedSource } from './paths.js';

export function hashOf(parts: ReadonlyArray<string | Buffer>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p.length));
    h.update('\0');
    h.update(p);
  }
  return h.digest('hex').slice(0, 16);
}

/** Contents of the named bed source files (e.g. 'packages.ts'). */
export async function bedSources(names: string[]): Promise<string[]> {
  return Promise.all(names.map(async (n) => `${n}\n${await readFile(bedSource(n), 'utf8')}`));
}

/** Cheap fingerprint of an input file that is too big to hash every time (path, size, mtime). */
export async function fileStamp(file: string): Promise<string> {
  const s = await stat(file);
  return `${file}:${s.size}:${s.mtimeMs}`;
}
