// Build-once cache directories: built in a temporary sibling, then renamed into place atomically.
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const inFlight = new Map<string, Promise<string>>();

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns `finalDir`, first running `build(tmpDir)` if it does not exist yet. Concurrent callers in
 * this process share one build; concurrent processes each build and the first rename wins.
 */
export function buildOnce(finalDir: string, build: (tmpDir: string) => Promise<void>): Promise<string> {
  const running = inFlight.get(finalDir);
  if (running) return running;
  const p = (async () => {
    if (await exists(finalDir)) return finalDir;
    const parent = path.dirname(finalDir);
    await mkdir(parent, { recursive: true });
    const tmp = await mkdtemp(path.join(parent, `.tmp-${path.basename(finalDir)}-`));
    try {
      await build(tmp);
      await rename(tmp, finalDir);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      const code = (err as NodeJS.ErrnoException).code;
      const lostRace = (code === 'ENOTEMPTY' || code === 'EEXIST') && (await exists(finalDir));
      if (!lostRace) throw err;
    }
    return finalDir;
  })();
  inFlight.set(finalDir, p);
  p.catch(() => inFlight.delete(finalDir));
  return p;
}
