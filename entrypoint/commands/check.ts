// `dms check`: every pre-flight check and the plan against /system-root; writes the report; changes nothing (unless --fix).
import { noteText } from '../config/notes.js';
import { InterruptedError } from '../errors.js';
import { applyFixes, fixContext, runPreflight } from '../checks/preflight.js';
import type { ContainerPaths } from '../paths.js';
import { readHostname } from '../report/hostname.js';
import { buildReport } from '../report/model.js';
import { reportText } from '../report/text.js';
import { writeReport } from '../report/write.js';
import type { RunOptions } from './options.js';
import { withSession } from './session.js';

export interface CheckOptions extends Pick<RunOptions, 'useZypperDup' | 'product'> {
  /** Repair what can be repaired (multiversion kernels), then check again. */
  fix?: boolean;
}

export const CHECK_EXIT = { ready: 0, inhibited: 1 } as const;

export async function checkCommand(paths: ContainerPaths, options: CheckOptions): Promise<number> {
  // No log file: a check leaves the host as it was, apart from the report. It takes the lock: a check while a run
  // holds it would judge a host in the middle of its upgrade and overwrite the run's report.
  return withSession(paths, { options, lock: options.fix ? true : 'if-present', logs: 'none' }, async (session) => {
    const { config, facts, exec, log } = session;
    const input = { root: paths.systemRoot, config, facts, exec, log };
    let pre = await runPreflight({ ...input, now: new Date() });
    if (options.fix) {
      const fixed = await applyFixes(pre.checks, fixContext(pre.context, exec, session.files()));
      for (const line of fixed) process.stdout.write(`fixed: ${line}\n`);
      if (fixed.length > 0) pre = await runPreflight({ ...input, now: new Date() });
    }
    // Stopped by a signal: the findings of stopped commands are no verdict; no report is written.
    if (exec.wasInterrupted) throw new InterruptedError('the check was stopped before it ended; no report was written');
    const report = buildReport({
      kind: 'check',
      now: new Date(),
      facts,
      hostname: await readHostname(paths.systemRoot),
      result: pre.blocking.length > 0 ? 'inhibited' : 'ready',
      checks: pre.checks,
      plan: { ...pre.plan, mode: facts.mode },
    });
    // What is shown is what was written: with its secrets masked.
    const written = await writeReport(paths.systemRoot, report);
    process.stdout.write(reportText(written.report, written.files));
    for (const note of session.notes) process.stdout.write(`note: ${noteText(note)}\n`);
    if (pre.unknownWaivers.length > 0)
      process.stdout.write(`note: waivers for unknown check ids were ignored: ${pre.unknownWaivers.join(', ')}\n`);
    return pre.blocking.length > 0 ? CHECK_EXIT.inhibited : CHECK_EXIT.ready;
  });
}
