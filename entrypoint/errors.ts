// Error classes: each carries what failed and what the user can do about it.

/** Bad input: options or configuration. Exit code 2, nothing on the host is changed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A configuration file (or the command line) failed to parse, validate or merge. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`config error in ${source}: ${problem}`);
  }
}

/** An external command failed (or could not be started). */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderrTail: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A migration step failed; `hint` tells the user what to do next. */
export class StepError extends Error {
  override name = 'StepError';
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The run was interrupted by a signal (SIGTERM from `podman stop`, or Ctrl-C). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function errorHint(err: unknown): string | undefined {
  if (err instanceof StepError || err instanceof CommandError) return err.hint;
  if (err instanceof Error && err.cause) return errorHint(err.cause);
  return undefined;
}

/** Runs `fn`; an error that is not a StepError yet becomes one reading `<prefix> <its message>`, with `hint`. */
export async function withStepError<T>(prefix: string, hint: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StepError) throw err;
    throw new StepError(`${prefix} ${errorMessage(err)}`, errorHint(err) ?? hint, { cause: err });
  }
}
