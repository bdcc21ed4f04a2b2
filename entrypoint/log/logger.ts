// One pino logger, written to three places: human lines on the console, human lines and JSON lines on the host.
import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { LogEvent } from './events.js';
import { formatRecord, forConsole, forHumans, type LogRecord } from './format.js';
import { redactJson } from './redact.js';
import { STATUS_MARK, StatusLine } from './status-line.js';

/** What a record belongs to: set once on a child logger, carried by each of its records. */
export interface LogBindings {
  step?: string;
  cmdId?: number;
}

type LogCall = (fields: LogEvent, msg: string) => void;

/** The program's logger: every record is one event of log/events.ts with exactly its fields, and a message. */
export interface Logger {
  debug: LogCall;
  info: LogCall;
  warn: LogCall;
  error: LogCall;
  child(bindings: LogBindings): Logger;
}

export interface LogTargets {
  /** Human-readable log file (appended), e.g. /system-root/var/log/distro_migration.log. */
  humanFile?: string;
  /** JSON-lines log file (appended), e.g. /system-root/var/log/distro_migration.jsonl. */
  jsonFile?: string;
  /** File descriptor for human lines on the console (default 2: stderr); `null` for none. */
  consoleFd?: number | null;
  /** Level of the human-readable lines (default info); the JSON file always gets debug and up. */
  level?: pino.Level;
  /** Carried by every record: tells the runs in one appended log apart. */
  runId?: string;
  /** The console stream also carries the status line (STATUS_MARK records) for a terminal that follows it. */
  statusLine?: boolean;
}

/** A log file (or the console) that stopped taking lines: where, why, and how many lines it missed. */
export interface LogFailure {
  target: string;
  error: string;
  lost: number;
}

export interface LogHandle {
  log: Logger;
  /** The sinks that failed to write (e.g. a full /var/log): the run goes on and says so at the end. */
  failures(): LogFailure[];
  close(): void;
}

/** Log files are readable by root and its group only: they may name hosts, users and repositories. */
const LOG_FILE_MODE = 0o640;

function openAppend(file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a', LOG_FILE_MODE);
  // A log file an older version created world-readable is tightened too.
  fchmodSync(fd, LOG_FILE_MODE);
  return fd;
}

/**
 * A synchronous pino destination: nothing is lost when the process dies right after a log call. A write that
 * fails (ENOSPC on a full /var/log, EIO) never throws into the caller (it may be zypper's output handler in the
 * middle of the RPM transaction): the sink stops, says so once on stderr, and counts what it could not write.
 */
function lineSink(
  fd: number,
  human: 'console' | 'file' | false,
  target: string,
  failures: LogFailure[],
  status?: StatusLine,
): pino.DestinationStream {
  let failure: LogFailure | undefined;
  return {
    write(line: string) {
      if (failure) {
        failure.lost++;
        return;
      }
      try {
        const safe = redactJson(line.trimEnd());
        let text = `${safe}\n`;
        if (human) {
          const record = JSON.parse(safe) as LogRecord;
          const shown = forHumans(record) && (human === 'file' || forConsole(record));
          const line = status?.next(record);
          text = `${shown ? formatRecord(record) : ''}${line === undefined ? '' : `${STATUS_MARK}${line}\n`}`;
          if (!text) return;
        }
        // stderr through process.stderr (synchronous on Linux for files, pipes and terminals), files directly.
        if (fd === 2) process.stderr.write(text);
        else writeSync(fd, text);
      } catch (err) {
        failure = { target, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message, lost: 1 };
        failures.push(failure);
        if (fd !== 2) {
          try {
            writeSync(
              2,
              `dms: the log ${target} stopped taking lines (${failure.error}); the migration goes on, the other logs keep everything\n`,
            );
          } catch {
            // stderr is gone too: nothing left to tell
          }
        }
      }
    },
  };
}

export function createLogger(targets: LogTargets): LogHandle {
  const level = targets.level ?? 'info';
  const owned: number[] = [];
  const failures: LogFailure[] = [];
  const streams: pino.StreamEntry[] = [];
  const consoleFd = targets.consoleFd === undefined ? 2 : targets.consoleFd;
  if (consoleFd !== null) {
    // The status line follows step and progress records, which are at info level like the lines.
    const status = targets.statusLine ? new StatusLine() : undefined;
    streams.push({ level, stream: lineSink(consoleFd, 'console', 'the console', failures, status) });
  }
  if (targets.humanFile) {
    const fd = openAppend(targets.humanFile);
    owned.push(fd);
    streams.push({ level, stream: lineSink(fd, 'file', targets.humanFile, failures) });
  }
  if (targets.jsonFile) {
    const fd = openAppend(targets.jsonFile);
    owned.push(fd);
    // Machines get everything, including progress events and quiet commands.
    streams.push({ level: 'debug', stream: lineSink(fd, false, targets.jsonFile, failures) });
  }
  const log = pino(
    {
      level: targets.jsonFile ? 'debug' : level,
      base: targets.runId ? { runId: targets.runId } : undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
  return {
    log,
    failures: () => failures.map((f) => ({ ...f })),
    close() {
      for (const fd of owned.splice(0)) closeSync(fd);
    },
  };
}
