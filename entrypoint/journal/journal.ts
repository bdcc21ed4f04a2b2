// The step journal on the host (/var/lib/dms/journal.json): what each step did, so a re-run continues.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MigrationMode } from '../facts/run-facts.js';
import { readTextFile } from '../system/fs.js';
import { fileChangeSchema } from '../system/host-files.js';

/** A journal with its change records stays far below this; a larger file is not one the program wrote. */
const JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

export const JOURNAL_SCHEMA_VERSION = 1;

const stepRecord = z.object({
  state: z.enum(['running', 'succeeded', 'failed', 'skipped', 'interrupted']),
  started: z.string().optional(),
  ended: z.string().optional(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
  attempts: z.number().int().nonnegative(),
});

export const journalSchema = z.object({
  schemaVersion: z.literal(JOURNAL_SCHEMA_VERSION),
  /** What this journal migrates to and how: a journal for another target or mode is not continued. */
  target: z.string(),
  mode: z.enum(['dup', 'plugin']),
  created: z.string(),
  updated: z.string(),
  result: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
  runs: z.number().int().positive(),
  steps: z.record(z.string(), stepRecord),
  /** The snapper snapshot taken before the first change, for `dms rollback`. */
  preSnapshot: z.number().int().nonnegative().optional(),
  /** Every host file the migration changed outside rpm's transactions, in order (system/host-files.ts). */
  changes: z.array(fileChangeSchema).optional(),
});

export type StepRecord = z.infer<typeof stepRecord>;
export type Journal = z.infer<typeof journalSchema>;
export type StepState = StepRecord['state'];

export interface JournalKey {
  target: string;
  mode: MigrationMode;
}

/** A fresh journal for a first run (or after --restart). */
export function newJournal(key: JournalKey, now: Date): Journal {
  const stamp = now.toISOString();
  return { schemaVersion: JOURNAL_SCHEMA_VERSION, ...key, created: stamp, updated: stamp, result: 'running', runs: 1, steps: {} };
}

export type Continuation = { kind: 'fresh'; reason: string } | { kind: 'continue'; journal: Journal; reason: string };

/**
 * Decides whether this run continues an earlier one: only an unfinished or failed journal for the
 * same target and mode is continued; anything else (none, corrupt, finished, other target) starts fresh.
 */
export function decideContinuation(previous: Journal | undefined | 'corrupt', key: JournalKey, restart: boolean): Continuation {
  if (restart) return { kind: 'fresh', reason: '--restart given' };
  if (previous === undefined) return { kind: 'fresh', reason: 'no earlier run' };
  if (previous === 'corrupt') return { kind: 'fresh', reason: 'the journal of the earlier run is unreadable' };
  if (previous.target !== key.target || previous.mode !== key.mode) {
    return { kind: 'fresh', reason: `the earlier run was for ${previous.target} in ${previous.mode} mode` };
  }
  if (previous.result === 'succeeded') return { kind: 'fresh', reason: 'the earlier run completed' };
  const ended = previous.result === 'running' ? 'stopped without finishing (killed?)' : `ended ${previous.result}`;
  return { kind: 'continue', journal: { ...previous, runs: previous.runs + 1, result: 'running' }, reason: `the earlier run ${ended}` };
}

/** True when a step that need not repeat already succeeded in an earlier run of this journal. */
export function alreadyDone(journal: Journal, stepId: string): boolean {
  return journal.steps[stepId]?.state === 'succeeded';
}

export function recordStep(journal: Journal, stepId: string, update: Partial<StepRecord> & { state: StepState }, now: Date): Journal {
  const before = journal.steps[stepId] ?? { state: 'running' as const, attempts: 0 };
  const attempts = before.attempts + (update.state === 'running' ? 1 : 0);
  return { ...journal, updated: now.toISOString(), steps: { ...journal.steps, [stepId]: { ...before, ...update, attempts } } };
}

export async function readJournal(file: string): Promise<Journal | undefined | 'corrupt'> {
  let text: string;
  try {
    text = await readTextFile(file, JOURNAL_MAX_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = journalSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

/** Atomic: a temp file in the same directory, renamed over the journal. */
export async function writeJournal(file: string, journal: Journal): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(journal, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
}
