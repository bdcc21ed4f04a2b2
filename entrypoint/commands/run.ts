// `dms run`: the migration. Opens the session, runs the pre-flight gate, the steps and finish, and writes the report.
import { errorMessage } from '../errors.js';
import { REPORT_FILES } from '../report/write.js';
import { describeRelease } from '../system/os-release.js';
import { type ContainerPaths, HOST_FILES } from '../paths.js';
import { preflightGate } from '../run/gate.js';
import { restoreIssueBanner, runMigration } from '../run/migration.js';
import { completedEarlier } from '../run/journal-file.js';
import { readExitCode, writeExitCode } from '../run/result-files.js';
import { clearShimResult, type ShimResult, shimResultOf, writeShimResult } from '../run/shim-result.js';
import { finalStep, stepsFor } from '../steps/index.js';
import { VERSION } from '../version.js';
import type { RunOptions } from './options.js';
import { logConfig, type Session, withSession } from './session.js';

/** A log that stopped taking lines is said at the end, in the logs that still work and on stderr. */
function reportLogFailures(session: Session): void {
  for (const f of session.logFailures()) {
    const text = `the log ${f.target} stopped taking lines (${f.error}): ${f.lost} line(s) are missing from it; the other log has them`;
    session.log.warn({ event: 'log.failed', target: f.target, error: f.error, lost: f.lost }, text);
    process.stderr.write(`dms: ${text}\n`);
  }
}

/** Writes the shim's result line; a /var/log that cannot take it is said in the log (the shim goes by the exit code). */
async function tellShim(session: Session, result: ShimResult): Promise<void> {
  try {
    await writeShimResult(session.paths.systemRoot, result);
  } catch (err) {
    session.log.warn({ event: 'result.error', error: errorMessage(err) }, `cannot write ${HOST_FILES.result}: ${errorMessage(err)}`);
  }
}

export async function runCommand(paths: ContainerPaths, options: RunOptions): Promise<number> {
  return withSession(paths, { options, lock: true, logs: 'host', signals: 'own' }, async (session) => {
    const { log, exec, config, facts } = session;
    const onSignal = (signal: NodeJS.Signals) => {
      log.warn({ event: 'signal', signal }, `received ${signal}: stopping the running command, then releasing mounts`);
      exec.interrupt('SIGTERM');
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      await clearShimResult(paths.systemRoot);
      const steps = stepsFor(facts.target.major);
      // startupMs: process start to this first log line (the benchmark reads it).
      log.info(
        {
          event: 'migration.start',
          version: VERSION,
          target: facts.target.label,
          mode: facts.mode,
          steps: [...steps, finalStep].map((s) => s.id),
          startupMs: Math.round(performance.now()),
        },
        `Distribution migration ${VERSION}: ${facts.source.description} -> ${describeRelease(facts.target.release)}`,
      );
      logConfig(session, true);
      // A completed migration is not repeated: nothing changes (--restart runs it again).
      const done = options.restart ? undefined : await completedEarlier(paths.systemRoot, facts);
      if (done) {
        // A run killed between its last result files left the banner or the exit code behind: both agree now.
        await restoreIssueBanner(paths.systemRoot, log);
        await writeExitCode(paths.systemRoot, 0);
        log.info(
          { event: 'migration.done-earlier', target: facts.target.label, completed: done.updated },
          `the migration to ${facts.target.label} (${facts.mode} mode) completed at ${done.updated} (${HOST_FILES.journal}): nothing to do; run with --restart to run it again`,
        );
        await tellShim(session, { outcome: 'succeeded', system: describeRelease(facts.source.release) });
        return 0;
      }
      // Pre-flight before the first change: an inhibitor stops here (report and log written, nothing else).
      const gate = await preflightGate({ root: paths.systemRoot, config, facts, exec, log });
      if (!gate.proceed) {
        await tellShim(session, { outcome: 'inhibited', inhibitors: 0, ...gate.inhibited });
        return 1;
      }
      const outcome = await runMigration(session, steps, finalStep, {
        restart: options.restart ?? false,
        ...(gate.packagesBefore ? { packagesBefore: gate.packagesBefore } : {}),
      });
      const reports = await gate.finish(outcome);
      reportLogFailures(session);
      await tellShim(session, shimResultOf(outcome, reports.includes(REPORT_FILES.text) ? REPORT_FILES.text : undefined));
      // The container exits with the exit-code file's value (SPEC 5.14), which a failed run never sets to 0.
      return outcome.ok ? readExitCode(paths.systemRoot) : 1;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  });
}
