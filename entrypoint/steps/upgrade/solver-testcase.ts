// Brings zypper's solver test case (debug_solver) to the host's /var/log, unless it is already there (SPEC 4).
import { stat } from 'node:fs/promises';
import type { StepContext } from '../types.js';

export const SOLVER_TESTCASE = '/var/log/zypper.solverTestCase';

/** Copies the container's solver test case to the host; skipped when /var/log is the host's own (the shim's volume). */
export async function copySolverTestCase(ctx: StepContext): Promise<void> {
  const here = await stat(SOLVER_TESTCASE).catch(() => undefined);
  if (!here?.isDirectory()) return;
  const [logDir, hostLogDir] = await Promise.all([stat('/var/log'), stat(await ctx.files.resolve('/var/log')).catch(() => undefined)]);
  if (hostLogDir && logDir.dev === hostLogDir.dev && logDir.ino === hostLogDir.ino) {
    ctx.log.info({ event: 'upgrade.solver-testcase' }, `solver test case written to the host's ${SOLVER_TESTCASE}`);
    return;
  }
  try {
    await ctx.files.copyTreeIn(SOLVER_TESTCASE, SOLVER_TESTCASE);
    ctx.log.info({ event: 'upgrade.solver-testcase' }, `solver test case copied to the host's ${SOLVER_TESTCASE}`);
  } catch (err) {
    ctx.log.warn({ event: 'upgrade.solver-testcase' }, `could not copy the solver test case to the host: ${(err as Error).message}`);
  }
}
