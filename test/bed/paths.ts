// Where the test bed keeps its cache: <repo>/.cache/testbed (or $DMS_TESTBED_CACHE).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The git checkout this file lives in. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function cacheRoot(): string {
  return path.resolve(process.env.DMS_TESTBED_CACHE ?? path.join(REPO_ROOT, '.cache', 'testbed'));
}

/** Absolute path of a source file of the bed (used to hash the generator's inputs). */
export function bedSource(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}
