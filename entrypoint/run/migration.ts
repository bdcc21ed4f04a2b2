// Runs the steps in order with the failure policy of SPEC 5.0, then finish, recording each in the journal, then the result files.
import { errorHint, errorMessage, InterruptedError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { describeRelease, readOsRelease } from '../system/os-release.js';
import type { Step, StepContext } from '../steps/types.js';
import { alreadyDone, decideContinuation, newJournal, readJournal, recordStep, writeJournal, type Journal } from './journal.js';
import { clearIssuePointer, setIssuePointer, writeExitCode } from './result-files.js';
import { logSummary, takeSnapshot } from './summary.js';
import type { PackageSet } from '../system/rpm-db.js';

export interface StepOutcome {
  id: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'interrupted' | 'done-earlier' | 'not-run';
  durationMs: number;
  error?: string;
  hint?: string;
}

export interface MigrationOutcome {
  ok: boolean;
  failedStep?: string;
  interrupted?: boolean;
  steps: StepOutcome[];
  /** The host's packages at the end, when rpm could read them. */
  packagesAfter?: PackageSet;
}

export interface RunMigrationOptions {
  /** Start over instead of continuing an unfinished earlier run. */
  restart?: boolean;
  now?: () => Date;
  /** The host's packages at the start, when the caller already read them. */
  packagesBefore?: PackageSet;
}

/** Runs one step with its log lines (start, end or skip, failure with hint); never throws. */
export async function runStep(ctx: StepContext, step: Step): Promise<StepOutcome> {
  const log = ctx.log.child({ step: step.id });
  const started = Date.now();
  const skip = await step.skipReason?.(ctx);
  if (skip) {
    log.info({ event: 'step.skip', reason: skip }, `skipped: ${skip}`);
    return { id: step.id, status: 'skipped', durationMs: 0 };
  }
  log.info({ event: 'step.start', title: step.title }, `=== ${step.title} ===`);
  try {
    await step.run({ ...ctx, log, exec: ctx.exec.withLogger(log), mounts: ctx.mounts.withExec(ctx.exec.withLogger(log), log) });
    const durationMs = Date.now() - started;
    log.info({ event: 'step.end', status: 'succeeded', durationMs }, `${step.id} succeeded in ${durationMs} ms`);
    return { id: step.id, status: 'succeeded', durationMs };
  } catch (err) {
    const durationMs = Date.now() - started;
    const status = err instanceof InterruptedError || ctx.exec.wasInterrupted ? 'interrupted' : 'failed';
    const hint = errorHint(err);
    log.error(
      { event: 'step.end', status, durationMs, error: errorMessage(err), ...(hint ? { hint } : {}) },
      `${step.id} ${status}: ${errorMessage(err)}`,
    );
    return { id: step.id, status, durationMs, error: errorMessage(err), ...(hint ? { hint } : {}) };
  }
}

/** The journal on the host; a write that fails (e.g. a full disk) is logged and the run goes on. */
class JournalFile {
  constructor(
    private readonly ctx: StepContext,
    public journal: Journal,
    private readonly now: () => Date,
  ) {}

  private get file(): string {
    return this.ctx.host(HOST_FILES.journal);
  }

  async save(): Promise<void> {
    if (this.ctx.state.preSnapshot !== undefined) this.journal = { ...this.journal, preSnapshot: this.ctx.state.preSnapshot };
    try {
      await writeJournal(this.file, this.journal);
    } catch (err) {
      this.ctx.log.warn({ event: 'journal.write' }, `could not write the journal ${HOST_FILES.journal}: ${errorMessage(err)}`);
    }
  }

  async started(step: Step): Promise<void> {
    this.journal = recordStep(this.journal, step.id, { state: 'running', started: this.now().toISOString() }, this.now());
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

  /** True when an earlier run of this journal already started a step that changes the host. */
  hostChangedEarlier(steps: readonly Step[]): boolean {
    return steps.some((s) => !s.beforeChanges && this.journal.steps[s.id] !== undefined);
  }

  static async open(ctx: StepContext, restart: boolean, now: () => Date): Promise<{ file: JournalFile; continued: boolean }> {
    const key = {
      target: ctx.target.VERSION_ID ?? 'unknown',
      mode: ctx.config.use_zypper_migration ? ('plugin' as const) : ('dup' as const),
    };
    let previous: Journal | undefined | 'corrupt';
    try {
      previous = await readJournal(ctx.host(HOST_FILES.journal));
    } catch (err) {
      ctx.log.warn({ event: 'journal.read' }, `could not read the journal ${HOST_FILES.journal}: ${errorMessage(err)}`);
    }
    const decision = decideContinuation(previous, key, restart);
    const continued = decision.kind === 'continue';
    ctx.log.info(
      { event: 'journal.open', continued, reason: decision.reason },
      continued
        ? `continuing the earlier run (${decision.reason}): steps it completed are not repeated; run with --restart to start over`
        : `starting a new run (${decision.reason})`,
    );
    const journal = decision.kind === 'continue' ? decision.journal : newJournal(key, now());
    if (continued && journal.preSnapshot !== undefined) ctx.state.preSnapshot = journal.preSnapshot;
    return { file: new JournalFile(ctx, journal, now), continued };
  }
}

/** One line per run with every step's state from the journal (the earlier runs' included). */
function journalSummary(journal: Journal): string {
  const steps = Object.entries(journal.steps).map(([id, r]) => `${id} ${r.state}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}`);
  return `journal ${HOST_FILES.journal}: run ${journal.runs}, ${journal.result}; ${steps.join(', ')}`;
}

/** What the user can do after a failure: roll back to the snapshot, or (no btrfs) use the backups. */
function recoveryAdvice(ctx: StepContext): string {
  if (ctx.state.preSnapshot !== undefined) {
    return `To return to the system as it was before the migration, run the image with \`rollback\` (migrate --rollback): it makes snapshot ${ctx.state.preSnapshot} the default; then reboot.`;
  }
  return `There is no snapshot to roll back to; the files the migration edited are kept under ${HOST_FILES.backupDir}.`;
}

export async function runMigration(
  ctx: StepContext,
  steps: readonly Step[],
  finalStep: Step,
  options: RunMigrationOptions = {},
): Promise<MigrationOutcome> {
  const now = options.now ?? (() => new Date());
  const root = ctx.paths.systemRoot;
  // Pessimistic defaults, before the first change: a run killed at any point leaves both behind.
  await writeExitCode(root, 1);
  const snapshot = await takeSnapshot(ctx, options.packagesBefore);
  let pointerSet = false;
  const { file: journal, continued } = await JournalFile.open(ctx, options.restart ?? false, now);
  await journal.save();

  const outcomes: StepOutcome[] = [];
  let failedStep: string | undefined;
  for (const step of steps) {
    // A signal that came between steps stops the run before this one.
    if (!failedStep && ctx.exec.wasInterrupted) failedStep = step.id;
    if (failedStep) {
      outcomes.push({ id: step.id, status: 'not-run', durationMs: 0 });
      continue;
    }
    if (continued && !step.alwaysRuns && alreadyDone(journal.journal, step.id)) {
      ctx.log.info({ event: 'step.skip', step: step.id, reason: 'done-earlier' }, `[${step.id}] completed in an earlier run: not repeated`);
      outcomes.push({ id: step.id, status: 'done-earlier', durationMs: 0 });
      continue;
    }
    // A step that needs another runs only when that one succeeded, in this run or an earlier one.
    const unmet = step.needs?.find((id) => !['succeeded', 'done-earlier'].includes(outcomes.find((o) => o.id === id)?.status ?? ''));
    if (unmet) {
      ctx.log.child({ step: step.id }).info({ event: 'step.not-run', needs: unmet }, `not run: it needs ${unmet} to have succeeded`);
      outcomes.push({ id: step.id, status: 'not-run', durationMs: 0 });
      continue;
    }
    if (!pointerSet && !step.beforeChanges) {
      await setIssuePointer(root);
      pointerSet = true;
    }
    if (continued && step.beforeChanges && journal.hostChangedEarlier(steps)) {
      // A snapshot now would not show the host as it was before the migration.
      const reason = 'an earlier run of this migration already changed the host: it is too late for a "before" state';
      ctx.log.warn({ event: 'step.skip', step: step.id, reason }, `[${step.id}] skipped: ${reason}`);
      const skipped: StepOutcome = { id: step.id, status: 'skipped', durationMs: 0 };
      await journal.ended(skipped);
      outcomes.push(skipped);
      continue;
    }
    await journal.started(step);
    const outcome = await runStep(ctx, step);
    await journal.ended(outcome);
    outcomes.push(outcome);
    if (outcome.status === 'interrupted') failedStep = step.id;
    else if (outcome.status === 'failed' && step.fatal) failedStep = step.id;
  }
  // A failed non-fatal step (a SLE 16 post-upgrade fix) fails the run too: the original reported success.
  const optional = new Set(steps.filter((s) => s.optional && !s.fatal).map((s) => s.id));
  const failedLater = outcomes.filter((o) => o.status === 'failed' && !optional.has(o.id)).map((o) => o.id);
  // A signal after the last step's work was done changes nothing: the migration is complete.
  const interrupted = ctx.exec.wasInterrupted && failedStep !== undefined;

  if (ctx.exec.wasInterrupted) ctx.state.interrupted = true;
  ctx.exec.resume();
  await journal.started(finalStep);
  const final = await runStep(ctx, finalStep);
  await journal.ended(final);
  outcomes.push(final);
  if (final.status === 'failed' && !failedStep) failedStep = finalStep.id;

  if (!failedStep && failedLater.length > 0) {
    await setIssuePointer(root);
    journal.journal = { ...journal.journal, result: 'failed', updated: now().toISOString() };
    await journal.save();
    ctx.log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
    const packagesAfter = await logSummary(ctx, snapshot, { ok: false, failedStep: failedLater[0], steps: outcomes }, 1);
    ctx.log.error(
      { event: 'migration.end', ok: false, failedStep: failedLater[0], failedSteps: failedLater },
      `The upgrade succeeded, but step(s) ${failedLater.join(', ')} failed: do not reboot before fixing them. Do what they left undone by hand, or fix the cause and run the migration again (see the hints above).`,
    );
    return { ok: false, failedStep: failedLater[0], steps: outcomes, ...(packagesAfter ? { packagesAfter } : {}) };
  }
  if (failedStep) {
    await setIssuePointer(root);
    journal.journal = { ...journal.journal, result: interrupted ? 'interrupted' : 'failed', updated: now().toISOString() };
    await journal.save();
    ctx.log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
    const packagesAfter = await logSummary(ctx, snapshot, { ok: false, failedStep, steps: outcomes }, 1);
    const what = interrupted ? `Migration interrupted at step ${failedStep}` : `Migration failed in step ${failedStep}`;
    ctx.log.error(
      { event: 'migration.end', ok: false, failedStep, interrupted, preSnapshot: ctx.state.preSnapshot },
      `${what}; the host's /etc/issue points to ${HOST_FILES.log}. Fix the cause and run the migration again: it continues where this run stopped. ${recoveryAdvice(ctx)}`,
    );
    return { ok: false, failedStep, interrupted, steps: outcomes, ...(packagesAfter ? { packagesAfter } : {}) };
  }
  journal.journal = { ...journal.journal, result: 'succeeded', updated: now().toISOString() };
  await journal.save();
  ctx.log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
  await writeExitCode(root, 0);
  if (await clearIssuePointer(root))
    ctx.log.info({ event: 'issue.restored' }, "restored the host's /etc/issue (it pointed to the log while the migration ran)");
  const packagesAfter = await logSummary(ctx, snapshot, { ok: true, steps: outcomes }, 0);
  const release = await readOsRelease(ctx.host(HOST_FILES.osRelease));
  ctx.log.info(
    { event: 'migration.end', ok: true, system: release?.PRETTY_NAME },
    `Migration succeeded: the host now has ${describeRelease(release)}. Reboot the host to start it.`,
  );
  return { ok: true, steps: outcomes, ...(packagesAfter ? { packagesAfter } : {}) };
}
