// Runs the steps in order with the failure policy of SPEC 5.0, then finish, recording each in the journal, then the result files.
import type { MigrationConfig } from '../config/schema.js';
import { errorHint, errorMessage, InterruptedError, withStepError } from '../errors.js';
import type { RunFacts } from '../facts/run-facts.js';
import { alreadyDone } from '../journal/journal.js';
import type { MigrationOutcome, StepOutcome } from '../journal/outcome.js';
import type { Logger } from '../log/logger.js';
import { HOST_FILES, type ContainerPaths } from '../paths.js';
import type { Step, StepContext, StepOutputs } from '../steps/types.js';
import type { Exec } from '../system/exec.js';
import { HostFiles } from '../system/host-files.js';
import type { Mounts } from '../system/mounts.js';
import { describeRelease, readOsRelease } from '../system/os-release.js';
import type { PackageSet } from '../system/rpm-db.js';
import { JournalFile, journalSummary } from './journal-file.js';
import { backupAdvice, recoveryAdvice } from './recovery.js';
import { pausePoint } from './pause-point.js';
import { clearIssuePointer, setIssuePointer, writeExitCode } from './result-files.js';
import { logSummary, takeSnapshot } from './summary.js';

/** What a run works with: the session's configuration, facts, logger, runner, mounts and paths. */
export interface RunInput {
  config: MigrationConfig;
  facts: RunFacts;
  log: Logger;
  exec: Exec;
  mounts: Mounts;
  paths: ContainerPaths;
}

export interface RunMigrationOptions {
  /** Start over instead of continuing an unfinished earlier run. */
  restart?: boolean;
  now?: () => Date;
  /** The host's packages at the start, when the caller already read them. */
  packagesBefore?: PackageSet;
}

/** Runs one step with its log lines (start, end or skip, failure with hint); never throws. Its outputs go to `outputs`. */
export async function runStep(ctx: StepContext, step: Step, outputs?: Map<string, unknown>): Promise<StepOutcome> {
  const log = ctx.log.child({ step: step.id });
  const started = Date.now();
  const skip = await step.skipReason?.(ctx);
  if (skip) {
    log.info({ event: 'step.skip', reason: skip }, `skipped: ${skip}`);
    return { id: step.id, status: 'skipped', durationMs: 0 };
  }
  log.info({ event: 'step.start', title: step.title }, `=== ${step.title} ===`);
  try {
    const exec = ctx.exec.withLogger(log);
    const run = () => step.run({ ...ctx, log, exec, mounts: ctx.mounts.withExec(exec, log) });
    const provided: unknown = step.failure ? await withStepError(step.failure.prefix, step.failure.hint, run) : await run();
    if (provided !== undefined) outputs?.set(step.id, provided);
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

/** Sets the /etc/issue pointer; when /etc/issue links somewhere that is no banner, says why it was left alone. */
async function pointIssueAtLog(root: string, log: Logger): Promise<void> {
  if (!(await setIssuePointer(root))) {
    log.warn(
      { event: 'issue.skipped' },
      `the host's ${HOST_FILES.issue} links to a file that is not a login banner: it is left as it is (no failure pointer there)`,
    );
  }
}

/** After a successful run: the host's own /etc/issue back in place of the failure pointer (said when it was there). */
export async function restoreIssueBanner(root: string, log: Logger): Promise<void> {
  if (await clearIssuePointer(root))
    log.info({ event: 'issue.restored' }, "restored the host's /etc/issue (it pointed to the log while the migration ran)");
}

/** The context every step of one run shares: the door to the host's files records into the journal. */
export function stepContext(input: RunInput, files: HostFiles, outputs: Map<string, unknown>): StepContext {
  return {
    config: input.config,
    facts: input.facts,
    log: input.log,
    exec: input.exec,
    mounts: input.mounts,
    paths: input.paths,
    files,
    host: (p) => files.path(p),
    output: <K extends keyof StepOutputs>(id: K) => outputs.get(id) as StepOutputs[K] | undefined,
    interrupted: false,
  };
}

export async function runMigration(
  input: RunInput,
  steps: readonly Step[],
  finalStep: Step,
  options: RunMigrationOptions = {},
): Promise<MigrationOutcome> {
  const now = options.now ?? (() => new Date());
  const { log, exec } = input;
  const root = input.paths.systemRoot;
  // Pessimistic defaults, before the first change: a run killed at any point leaves both behind.
  await writeExitCode(root, 1);
  const snapshot = await takeSnapshot({ log, exec, root }, options.packagesBefore);
  let pointerSet = false;
  const { file: journal, continued } = await JournalFile.open(root, input.facts, log, options.restart ?? false, now);
  await journal.save();

  // What steps hand on; a continued run still knows the snapshot an earlier run took.
  const outputs = new Map<string, unknown>();
  if (continued && journal.journal.preSnapshot !== undefined)
    outputs.set('btrfs-snapshot-pre', { preSnapshot: journal.journal.preSnapshot });
  let current: string | undefined;
  const files = new HostFiles(root, (change) => journal.changed(change, current), journal.createdEarlier());
  const ctx = stepContext(input, files, outputs);
  const run = async (step: Step, stepCtx: StepContext = ctx): Promise<StepOutcome> => {
    current = step.id;
    await journal.started(step.id);
    const outcome = await runStep(stepCtx, step, outputs);
    await journal.ended(outcome);
    const snap = ctx.output('btrfs-snapshot-pre');
    if (snap && journal.journal.preSnapshot !== snap.preSnapshot) await journal.setPreSnapshot(snap.preSnapshot);
    current = undefined;
    return outcome;
  };

  const outcomes: StepOutcome[] = [];
  let failedStep: string | undefined;
  for (const step of steps) {
    // A signal that came between steps stops the run before this one.
    if (!failedStep && exec.wasInterrupted) failedStep = step.id;
    if (failedStep) {
      outcomes.push({ id: step.id, status: 'not-run', durationMs: 0 });
      continue;
    }
    if (continued && !step.alwaysRuns && alreadyDone(journal.journal, step.id)) {
      log.child({ step: step.id }).info({ event: 'step.skip', reason: 'done-earlier' }, 'completed in an earlier run: not repeated');
      outcomes.push({ id: step.id, status: 'done-earlier', durationMs: 0 });
      continue;
    }
    // A step that needs another runs only when that one succeeded, in this run or an earlier one.
    const unmet = step.needs?.find((id) => !['succeeded', 'done-earlier'].includes(outcomes.find((o) => o.id === id)?.status ?? ''));
    if (unmet) {
      log.child({ step: step.id }).info({ event: 'step.not-run', needs: unmet }, `not run: it needs ${unmet} to have succeeded`);
      outcomes.push({ id: step.id, status: 'not-run', durationMs: 0 });
      continue;
    }
    if (!pointerSet && !step.beforeChanges) {
      await pointIssueAtLog(root, log);
      pointerSet = true;
    }
    if (continued && step.beforeChanges && journal.hostChangedEarlier(steps)) {
      // A snapshot now would not show the host as it was before the migration.
      const reason = 'an earlier run of this migration already changed the host: it is too late for a "before" state';
      log.child({ step: step.id }).warn({ event: 'step.skip', reason }, `skipped: ${reason}`);
      const skipped: StepOutcome = { id: step.id, status: 'skipped', durationMs: 0 };
      await journal.ended(skipped);
      outcomes.push(skipped);
      continue;
    }
    const outcome = await run(step);
    outcomes.push(outcome);
    if (outcome.status === 'interrupted') failedStep = step.id;
    else if (outcome.status === 'failed' && step.fatal) failedStep = step.id;
  }
  // A failed non-fatal step (a SLE 16 post-upgrade fix) fails the run too: the original reported success.
  const optional = new Set(steps.filter((s) => s.optional && !s.fatal).map((s) => s.id));
  const failedLater = outcomes.filter((o) => o.status === 'failed' && !optional.has(o.id)).map((o) => o.id);
  // A signal after the last step's work was done changes nothing: the migration is complete.
  const interrupted = exec.wasInterrupted && failedStep !== undefined;

  const wasInterrupted = exec.wasInterrupted;
  exec.resume();
  const final = await run(finalStep, { ...ctx, interrupted: wasInterrupted });
  outcomes.push(final);
  if (final.status === 'failed' && !failedStep) failedStep = finalStep.id;

  const preSnapshot = ctx.output('btrfs-snapshot-pre')?.preSnapshot;
  const summaryInput = { log, exec, root };
  // Without a snapshot, the backups are the way back: say how to use them.
  const adviseBackups = () => {
    if (preSnapshot === undefined)
      log.info({ event: 'backup.advice', changes: journal.journal.changes?.length ?? 0 }, backupAdvice(journal.journal.changes ?? []));
  };
  if (!failedStep && failedLater.length > 0) {
    await pointIssueAtLog(root, log);
    await journal.end('failed');
    log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
    const packagesAfter = await logSummary(summaryInput, snapshot, { ok: false, failedStep: failedLater[0], steps: outcomes }, 1);
    adviseBackups();
    const advice = `The upgrade succeeded, but step(s) ${failedLater.join(', ')} failed: do not reboot before fixing them. Do what they left undone by hand, or fix the cause and run the migration again (see the hints in the log).`;
    log.error({ event: 'migration.end', ok: false, failedStep: failedLater[0], failedSteps: failedLater }, advice);
    return { ok: false, failedStep: failedLater[0], advice, steps: outcomes, ...(packagesAfter ? { packagesAfter } : {}) };
  }
  if (failedStep) {
    await pointIssueAtLog(root, log);
    await journal.end(interrupted ? 'interrupted' : 'failed');
    log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
    const packagesAfter = await logSummary(summaryInput, snapshot, { ok: false, failedStep, steps: outcomes }, 1);
    adviseBackups();
    const what = interrupted ? `Migration interrupted at step ${failedStep}` : `Migration failed in step ${failedStep}`;
    const advice = `${interrupted ? 'Run' : 'Fix the cause and run'} the migration again: it continues where this run stopped.`;
    log.error(
      { event: 'migration.end', ok: false, failedStep, interrupted, ...(preSnapshot !== undefined ? { preSnapshot } : {}) },
      `${what}; the host's /etc/issue points to ${HOST_FILES.log}. ${advice} ${recoveryAdvice(preSnapshot)}`,
    );
    return {
      ok: false,
      failedStep,
      interrupted,
      advice: preSnapshot === undefined ? advice : `${advice} ${recoveryAdvice(preSnapshot)}`,
      steps: outcomes,
      ...(packagesAfter ? { packagesAfter } : {}),
    };
  }
  // The banner first, the journal next, the exit code last: a kill in between leaves exit code 1 and a
  // journal that a re-run continues (or, once it says succeeded, finds complete and ends with 0).
  await restoreIssueBanner(root, log);
  await pausePoint('issue-restored', log);
  await journal.end('succeeded');
  log.info({ event: 'journal.summary', journal: journal.journal }, journalSummary(journal.journal));
  await pausePoint('journal-succeeded', log);
  await writeExitCode(root, 0);
  const packagesAfter = await logSummary(summaryInput, snapshot, { ok: true, steps: outcomes }, 0);
  adviseBackups();
  const release = await readOsRelease(files.path(HOST_FILES.osRelease));
  log.info(
    { event: 'migration.end', ok: true, system: release?.PRETTY_NAME },
    `Migration succeeded: the host now has ${describeRelease(release)}. Reboot the host to start it.`,
  );
  return {
    ok: true,
    steps: outcomes,
    ...(release?.PRETTY_NAME ? { system: release.PRETTY_NAME } : {}),
    ...(packagesAfter ? { packagesAfter } : {}),
  };
}
