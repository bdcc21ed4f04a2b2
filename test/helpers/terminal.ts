// A command on a pseudo-terminal (util-linux script(1)) with an exit status the test can trust.
//
// script(1)'s own exit status (-e/--return) is not reliable when the command leaves processes behind
// that hold the terminal (the shim's log followers): CI saw a shim print "exit code 1" and exit 1 while
// script returned something else. So a wrapper shell prints the command's status into the output and
// the tests read it from there.

import { shellQuote } from '../../entrypoint/system/exec.js';

const MARK = '[dms-test: exit status ';

/**
 * The arguments of `script` that run argv on a terminal and then print its exit status. `trap : INT`
 * keeps the wrapper shell alive through a ^C typed into the terminal (argv gets it: a caught signal
 * is back at its default on exec), so it can still report how argv ended.
 */
export function scriptArgs(argv: readonly string[]): string[] {
  const command = `trap : INT; ${argv.map(shellQuote).join(' ')}; echo "${MARK}$?]"`;
  return ['--quiet', '--flush', '--command', command, '/dev/null'];
}

/** The exit status that scriptArgs' wrapper printed; throws with the output when it is missing. */
export function exitStatusIn(output: string): number {
  const at = output.lastIndexOf(MARK);
  const status = at < 0 ? undefined : /^(\d+)\]/.exec(output.slice(at + MARK.length))?.[1];
  if (status === undefined) throw new Error(`the command on the terminal did not report its exit status:\n${output}`);
  return Number(status);
}
