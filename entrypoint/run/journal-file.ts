// The run's journal on the host, kept up to date as steps start and end and as host files change.
// A write that fails (e.g. a full disk) is logged and the run goes on.
import { errorMessage } from '../errors.js';
import type { RunFacts } from '../facts/run-facts.js';
import { decideContinuation, type Journal, newJournal, readJournal, recordStep, writeJournal } from '../journal/journal.js';
import type { StepOutcome } from '../journal/outcome.js';
import type { Logger } from '../log/logger.js';
import { HOST_FILES, onHost } from '../paths.js';
import type { FileChange } from '../system/host-files.js';

export class JournalFile {
  private constructor(
    private readonly file: string,
    private readonly log: Logger,
    public journal: Journal,
    private readonly now: () => Date,
  ) {}

  async save(): Promise<void> {
    try {
      await writeJournal(this.file, this.journal);
    } catch (err) {
      this.log.warn({ event: 'journal.write' }, `could not write the journal ${HOST_FILES.journal}: ${errorMessage(err)}`);
    }
  }

  async started(stepId: string): Promise<void> {
    this.journal = recordStep(this.journal, stepId, { state: 'running', started: this.now().toISOString() }, this.now());
    await this.save();
  }

  async ended(outcome: StepOutcome): Promise<void> {
    const state = outcome.status === 'not-run' || outcome.status === 'done-earlier' ? undefined : outcome.status;
    if (!state) return;
    // An earlier attempt's error does not outlive this attempt.
    const { error: _earlier, ...before } = this.journal.steps[outcome.id] ?? { state, attempts: 0 };
    const record = {
      ...before,
      state,
      ended: this.now().toISOString(),
      durationMs: outcome.durationMs,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    this.journal = { ...this.journal, updated: this.now().toISOString(), steps: { ...this.journal.steps, [outcome.id]: record } };
    await this.save();
  }

  /** Records one change of a host file (made by `step`) before the run goes on. */
  async changed(change: FileChange, step: string | undefined): Promise<void> {
    this.journal = { ...this.journal, changes: [...(this.journal.changes ?? []), { ...change, ...(step ? { step } : {}) }] };
    await this.save();
  }

  async setPreSnapshot(number: number): Promise<void> {
    this.journal = { ...this.journal, preSnapshot: number };
    await this.save();
  }

  async end(result: Journal['result']): Promise<void> {
    this.journal = { ...this.journal, result, updated: this.now().toISOString() };
    await this.save();
  }

  /** True when an earlier run of this journal already started a step that changes the host. */
  hostChangedEarlier(steps: ReadonlyArray<{ id: string; beforeChanges?: boolean }>): boolean {
    return steps.some((s) => !s.beforeChanges && this.journal.steps[s.id] !== undefined);
  }

  /** Host paths that an earlier run of this journal created: they have no original to keep. */
  createdEarlier(): string[] {
    return (this.journal.changes ?? []).filter((c) => c.before === 'absent').map((c) => c.path);
  }

  /** Opens the journal for this run: continues an unfinished one for the same target and mode, else starts a new one. */
  static async open(
    root: string,
    facts: RunFacts,
    log: Logger,
    restart: boolean,
    now: () => Date,
  ): Promise<{ file: JournalFile; continued: boolean }> {
    const key = { target: facts.target.label, mode: facts.mode };
    const path = onHost(root, HOST_FILES.journal);
    let previous: Journal | undefined | 'corrupt';
    try {
      previous = await readJournal(path);
    } catch (err) {
      log.warn({ event: 'journal.read' }, `could not read the journal ${HOST_FILES.journal}: ${errorMessage(err)}`);
    }
    const decision = decideContinuation(previous, key, restart);
    const continued = decision.kind === 'continue';
    log.info(
      { event: 'journal.open', continued, reason: decision.reason },
      continued
        ? `continuing the earlier run (${decision.reason}): steps it completed are not repeated; run with --restart to start over`
        : `starting a new run (${decision.reason})`,
    );
    const journal = decision.kind === 'continue' ? decision.journal : newJournal(key, now());
    return { file: new JournalFile(path, log, journal, now), continued };
  }
}

/**
 * The journal of a completed migration to the same target in the same mode, when there is one: a second run
 * has nothing to do (and a run killed after its journal said so still ends with 0).
 */
export async function completedEarlier(root: string, facts: RunFacts): Promise<Journal | undefined> {
  const journal = await readJournal(onHost(root, HOST_FILES.journal)).catch(() => undefined);
  if (!journal || journal === 'corrupt' || journal.result !== 'succeeded') return undefined;
  return journal.target === facts.target.label && journal.mode === facts.mode ? journal : undefined;
}

/** One line per run with every step's state from the journal (the earlier runs' included). */
export function journalSummary(journal: Journal): string {
  const steps = Object.entries(journal.steps).map(([id, r]) => `${id} ${r.state}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`);
  return `journal ${HOST_FILES.journal}: run ${journal.runs}, ${journal.result}; ${steps.join(', ')}`;
}
