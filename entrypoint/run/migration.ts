// Runs the steps in order with the failure policy of SPEC 5.0, then finish, then writes the result files.
import { errorHint, errorMessage } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { describeRelease, readOsRelease } from '../system/os-release.js';
import type { Step, StepContext } from '../steps/types.js';
import { clearIssuePointer, setIssuePointer, writeExitCode } from './result-files.js';

export interface StepOutcome {
  id: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'not-run';
  durationMs: number;
  error?: string;
}

export interface MigrationOutcome {
  ok: boolean;
  failedStep?: string;
  steps: StepOutcome[];
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
    const hint = errorHint(err);
    log.error({ event: 'step.end', status: 'failed', durationMs, error: errorMessage(err), ...(hint ? { hint } : {}) },
      `${step.id} failed: ${errorMessage(err)}`);
    return { id: step.id, status: 'failed', durationMs, error: errorMessage(err) };
  }
}

export async function runMigration(ctx: StepContext, steps: readonly Step[], finalStep: Step): Promise<MigrationOutcome> {
  const root = ctx.paths.systemRoot;
  // Pessimistic default: only a complete run turns it into 0.
  await writeExitCode(root, 1);
  const outcomes: StepOutcome[] = [];
  let failedStep: string | undefined;
  for (const step of steps) {
    if (failedStep || ctx.exec.wasInterrupted) {
      outcomes.push({ id: step.id, status: 'not-run', durationMs: 0 });
      continue;
    }
    const outcome = await runStep(ctx, step);
    outcomes.push(outcome);
    if (outcome.status === 'failed' && step.fatal) failedStep = step.id;
  }
  if (!failedStep && ctx.exec.wasInterrupted) failedStep = 'interrupted';

  ctx.exec.resume();
  const final = await runStep(ctx, finalStep);
  outcomes.push(final);
  if (final.status === 'failed' && !failedStep) failedStep = finalStep.id;

  if (failedStep) {
    await setIssuePointer(root);
    ctx.log.error({ event: 'migration.end', ok: false, failedStep },
      `Migration failed in step ${failedStep}; the host's /etc/issue points to ${HOST_FILES.log}. Fix the cause and run the migration again: it continues safely.`);
    return { ok: false, failedStep, steps: outcomes };
  }
  await writeExitCode(root, 0);
  if (await clearIssuePointer(root)) ctx.log.info({ event: 'issue.restored' }, 'restored the /etc/issue that an earlier failed run had replaced');
  const now = await readOsRelease(ctx.host(HOST_FILES.osRelease));
  ctx.log.info({ event: 'migration.end', ok: true, system: now?.PRETTY_NAME }, `Migration succeeded: the host now has ${describeRelease(now)}. Reboot the host to start it.`);
  return { ok: true, steps: outcomes };
}

