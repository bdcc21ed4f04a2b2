// One migration at a time: flock(1) holds a lock on a host file for as long as this process lives.
// The kernel drops an flock when its holder dies, so a crashed or killed run never leaves it stuck.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Exec } from './exec.js';

/** flock's exit code when the lock is held by someone else (--conflict-exit-code). */
const BUSY = 75;

export class LockBusyError extends Error {
  override name = 'LockBusyError';
}

export interface HeldLock {
  /** Resolves once the lock is free again. */
  release(): Promise<void>;
}

/**
 * Takes the lock without waiting. The holder is `flock FILE cat`: we write "locked" into its stdin (a
 * pipe from us), which cat echoes only once flock holds the lock and has started it; cat then keeps
 * the lock until that pipe closes: at release or at our death. (cat starts in a millisecond; a second
 * node would cost the start-up 50 ms.)
 */
export async function acquireLock(exec: Exec, file: string): Promise<HeldLock> {
  await mkdir(path.dirname(file), { recursive: true });
  const holder = exec.background(['flock', '--nonblock', '--conflict-exit-code', String(BUSY), file, 'cat'], {
    endsAtEof: true,
    input: 'locked\n',
  });
  const first = await holder.firstLine;
  if (first.line === 'locked') return { release: () => holder.stop() };
  await holder.stop();
  if (first.exitCode === BUSY) throw new LockBusyError(`another migration is running on this host (it holds ${file}); wait for it to end`);
  throw new Error(`could not take the lock ${file} (flock exit code ${first.exitCode ?? 'unknown'})`);
}
