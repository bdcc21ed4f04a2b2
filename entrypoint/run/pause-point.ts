// A test hook for the fault suite: with DMS_PAUSE_AT=<point> the run stops at that point and waits to be killed,
// so that a test can kill the container exactly between two result files. The shim never sets it.
import { writeFile } from 'node:fs/promises';
import type { Logger } from '../log/logger.js';

/** Where a run can be held: between the result files of a successful run (run/migration.ts). */
export type PausePoint = 'issue-restored' | 'journal-succeeded';

/** Written in the container when the run waits (the test polls for it). */
export const PAUSED_MARKER = '/run/dms-paused';

export async function pausePoint(point: PausePoint, log: Logger): Promise<void> {
  if (process.env.DMS_PAUSE_AT !== point) return;
  log.warn({ event: 'pause', point }, `DMS_PAUSE_AT=${point}: the run waits here until it is killed (a test hook)`);
  await writeFile(PAUSED_MARKER, `${point}\n`);
  // Kept alive by the timer; only a signal from outside ends it.
  await new Promise(() => setInterval(() => undefined, 60_000));
}
