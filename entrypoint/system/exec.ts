// The one place that runs external commands: argument arrays through execa, logged with exit code and duration.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { execa, type ResultPromise } from 'execa';
import { CommandError, InterruptedError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { redactArgv } from '../log/redact.js';
import type { ZypperProgress } from './zypper-progress.js';

/** What one piece of a command's output stands for: a line for the human log, or a progress record. */
export type OutputItem = { line: string } | { progress: ZypperProgress };

/** Turns a command's stdout, chunk by chunk, into log lines and progress (zypper's --xmlout: system/zypper-xml-output.ts). */
export interface OutputReader {
  write(chunk: string): OutputItem[];
  /** The end of the output: whatever was left. */
  end(): OutputItem[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Log each output line as it comes (zypper's progress), instead of only on failure. */
  stream?: boolean;
  /** Decides success from the exit code (default: 0 only). */
  succeeded?: (exitCode: number) => boolean;
  /** Return the result instead of throwing when the command fails. */
  allowFailure?: boolean;
  /** What the user can do when this command fails. */
  hint?: string;
  /** Log level for the command line itself (default info). */
  quiet?: boolean;
  /** With `stream`: turns an output line into a progress record, logged as a `progress` event. */
  progress?: (line: string) => ZypperProgress | undefined;
  /** With `stream`: reads stdout as it comes (zypper's --xmlout) into log lines and progress, instead of line by line; the result's `stdout` is then empty (not kept). */
  stdoutReader?: OutputReader;
  /** The command gets this process's terminal (stdin, stdout, stderr); nothing is captured. */
  interactive?: boolean;
  /** Signal that stops this command on interrupt (default SIGTERM; an interactive shell needs SIGHUP). */
  stopSignal?: NodeJS.Signals;
  /** Stop the command (SIGTERM, SIGKILL 10 s later) when it runs longer than this; the result says `timedOut`. */
  timeoutMs?: number;
  /** Clean-up (releasing a mount): runs after an interrupt too, and is not itself stopped by one. */
  cleanup?: boolean;
}

export interface CommandResult {
  argv: string[];
  exitCode: number;
  ok: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  signal?: string;
  /** Set when the program could not be started (e.g. not installed). */
  notFound?: boolean;
  /** Set when it was stopped for running longer than `timeoutMs`. */
  timedOut?: boolean;
}

let counter = 0;

/** One argument quoted for a POSIX shell (bare when it needs no quotes). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Shell-like rendering of an argument array, for messages only. */
export function renderCommand(argv: readonly string[]): string {
  return redactArgv(argv).map(shellQuote).join(' ');
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Shared by every view of one runner: the running commands (the pre-flight runs two at once) and whether the run was interrupted. */
interface ExecState {
  /** Each running command with the signal that stops it (undefined: the interrupt's own). */
  active: Map<ResultPromise, NodeJS.Signals | undefined>;
  interrupted: boolean;
  /** Environment every later command gets (SYSTEMD_OFFLINE=1 once a chrooted zypper, or a command given it, ran). */
  sticky?: Record<string, string>;
}

/** `chroot <root> zypper ...`: zypper running inside the host root, whose scriptlets must not talk to a running systemd. */
export function isChrootedZypper(argv: readonly string[]): boolean {
  if (path.basename(argv[0] ?? '') !== 'chroot') return false;
  // chroot [--option=value ...] NEWROOT COMMAND [ARG ...]
  const operands = argv.slice(1).filter((a) => !a.startsWith('-'));
  return path.basename(operands[1] ?? '') === 'zypper';
}

/** What the user can do when a program is missing from the migration image. */
export function notFoundHint(file: string): string {
  return `the migration image has no "${file}": use a migration image that contains it (see docs/usage.md), or report this as a bug of the image`;
}

/** A long-running helper process (e.g. a lock holder) that lives until stop() or until we exit. */
export interface Background {
  /** The first line the process printed, or undefined if it ended first (with its exit code). */
  firstLine: Promise<{ line?: string; exitCode?: number }>;
  /** Ends the process; resolves once it has exited. */
  stop(): Promise<void>;
  /** Its process id (undefined when it could not be started). */
  pid: number | undefined;
}

export class Exec {
  constructor(
    private readonly log: Logger,
    private readonly state: ExecState = { active: new Map(), interrupted: false },
  ) {}

  /** The same runner, logging through another logger (a step's child logger). */
  withLogger(log: Logger): Exec {
    return new Exec(log, this.state);
  }

  /** Stops the running command (SIGTERM, then SIGKILL after a grace period) and refuses new ones. */
  interrupt(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.state.interrupted = true;
    for (const [subprocess, stopSignal] of this.state.active) subprocess.kill(stopSignal ?? signal);
  }

  /** Allows commands again after an interruption: the cleanup (unmounting) must still run. */
  resume(): void {
    this.state.interrupted = false;
  }

  get wasInterrupted(): boolean {
    return this.state.interrupted;
  }

  /** Starts a helper that runs next to us; its stdin is a pipe, so it sees EOF when we die. */
  background(argv: readonly string[], options: { endsAtEof?: boolean; input?: string } = {}): Background {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty command');
    this.log.debug({ event: 'cmd.background', argv: redactArgv(argv) }, `Starting: ${renderCommand(argv)}`);
    const subprocess = execa(file, args, { reject: false, stdin: 'pipe', stderr: 'ignore', buffer: false });
    if (options.input !== undefined) {
      // A helper that ended at once (e.g. flock refusing) closed the pipe: its exit code tells why, not EPIPE.
      subprocess.stdin?.on('error', () => undefined);
      subprocess.stdin?.write(options.input);
    }
    const firstLine = new Promise<{ line?: string; exitCode?: number }>((resolve) => {
      const lines = createInterface({ input: subprocess.stdout! });
      lines.once('line', (line) => resolve({ line }));
      void subprocess.then((r) => resolve({ exitCode: r.exitCode ?? 128 }));
    });
    return {
      firstLine,
      pid: subprocess.pid,
      stop: async () => {
        subprocess.stdin?.end();
        // A helper that ends at EOF gets the time to end with its whole process tree (a lock is free
        // once stop() resolves); SIGTERM for the others, and for one that does not.
        const timer = setTimeout(() => subprocess.kill('SIGTERM'), options.endsAtEof ? 2000 : 0);
        await subprocess;
        clearTimeout(timer);
      },
    };
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty command');
    if (this.state.interrupted && !options.cleanup) throw new InterruptedError(`not starting ${file}: the migration was interrupted`);
    const cmdId = ++counter;
    const command = renderCommand(argv);
    const log = this.log.child({ cmdId });
    log[options.quiet ? 'debug' : 'info']({ event: 'cmd.start', argv: redactArgv(argv) }, `Calling: ${command}`);
    // As the original: from the first chrooted zypper (or command given SYSTEMD_OFFLINE=1) on, every later command runs offline.
    const offline = isChrootedZypper(argv) || options.env?.SYSTEMD_OFFLINE === '1';
    if (offline && this.state.sticky?.SYSTEMD_OFFLINE !== '1') {
      this.state.sticky = { ...this.state.sticky, SYSTEMD_OFFLINE: '1' };
      log.info(
        { event: 'exec.env', env: this.state.sticky },
        'SYSTEMD_OFFLINE=1 for this and every later command (package scriptlets on the host root must not call systemd)',
      );
    }

    const subprocess = execa(file, args, {
      reject: false,
      ...(options.interactive ? { stdio: 'inherit' as const } : { stdin: 'ignore' as const }),
      env: { ...this.state.sticky, ...options.env },
      extendEnv: true,
      forceKillAfterDelay: 10_000,
      stripFinalNewline: false,
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
      // Read through a reader (zypper's --xmlout, several times its text): not kept whole in memory as well.
      ...(options.stream && options.stdoutReader ? { buffer: { stdout: false, stderr: true } } : {}),
    });
    if (!options.cleanup) this.state.active.set(subprocess, options.stopSignal);
    const logItems = (items: OutputItem[], stream: 'stdout' | 'stderr' = 'stdout') => {
      for (const item of items) {
        if ('line' in item) log.info({ event: 'cmd.output', stream }, item.line);
        else log.info({ event: 'progress', ...item.progress }, `progress ${JSON.stringify(item.progress)}`);
      }
    };
    const reader = options.stream ? options.stdoutReader : undefined;
    if (options.stream) {
      for (const stream of [subprocess.stdout, subprocess.stderr]) {
        if (!stream) continue;
        const name = stream === subprocess.stdout ? 'stdout' : 'stderr';
        if (reader && name === 'stdout') {
          // A decoder of our own: the stream stays bytes for execa, and a character split between chunks stays whole.
          const decoder = new StringDecoder('utf8');
          stream.on('data', (chunk: Buffer) => logItems(reader.write(decoder.write(chunk))));
          stream.once('end', () => logItems(reader.write(decoder.end())));
          continue;
        }
        createInterface({ input: stream }).on('line', (line) => {
          const progress = options.progress?.(line);
          logItems(progress ? [{ line }, { progress }] : [{ line }], name);
        });
      }
    }
    const result = await subprocess;
    if (reader) logItems(reader.end());
    this.state.active.delete(subprocess);

    const stdout = String(result.stdout ?? '');
    const stderr = String(result.stderr ?? '');
    const notFound = (result as { code?: string }).code === 'ENOENT';
    const exitCode = result.exitCode ?? (notFound ? 127 : 128);
    const judge = options.succeeded ?? ((code: number) => code === 0);
    const ok = !notFound && !result.signal && judge(exitCode);
    const out: CommandResult = {
      argv: [...argv],
      exitCode,
      ok,
      stdout,
      stderr,
      durationMs: Math.round(result.durationMs),
      ...(result.signal ? { signal: result.signal } : {}),
      ...(notFound ? { notFound } : {}),
      ...(result.timedOut ? { timedOut: true } : {}),
    };
    log[ok ? (options.quiet ? 'debug' : 'info') : 'warn'](
      { event: 'cmd.end', exitCode, signal: result.signal, durationMs: out.durationMs, ok },
      `${file} exited with ${result.signal ? `signal ${result.signal}` : `code ${exitCode}`} after ${out.durationMs} ms${result.timedOut ? ' (stopped: time limit reached)' : ''}`,
    );
    if (ok) return out;
    if (notFound) log.error({ event: 'cmd.error' }, `Command "${file}" not found in the environment`);
    else if (!options.stream && !options.interactive) {
      log.warn({ event: 'cmd.error' }, `stderr: ${tail(stderr) || '(no output on stderr)'}`);
      log.warn({ event: 'cmd.error' }, `stdout: ${tail(stdout) || '(no output on stdout)'}`);
    }
    if (this.state.interrupted && !options.cleanup) throw new InterruptedError(`${command} was stopped: the migration was interrupted`);
    if (options.allowFailure) return out;
    const why = notFound
      ? `command not found: ${file}`
      : result.timedOut
        ? `stopped after ${options.timeoutMs} ms without finishing`
        : result.signal
          ? `killed by signal ${result.signal}`
          : `exit code ${exitCode}`;
    throw new CommandError(
      `${command} failed (${why})`,
      command,
      exitCode,
      tail(stderr),
      options.hint ?? (notFound ? notFoundHint(file) : undefined),
    );
  }
}
