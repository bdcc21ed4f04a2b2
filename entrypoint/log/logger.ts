// One pino logger, written to three places: human lines on the console, human lines and JSON lines on the host.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { LogEvent } from './events.js';
import { formatRecord, type LogRecord } from './format.js';
import { redactText } from './redact.js';

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
}

export interface LogHandle {
  log: Logger;
  close(): void;
}

function openAppend(file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  return openSync(file, 'a');
}

/** A synchronous pino destination: nothing is lost when the process dies right after a log call. */
function lineSink(fd: number, human: boolean): pino.DestinationStream {
  return {
    write(line: string) {
      const safe = redactText(line);
      writeSync(fd, human ? formatRecord(JSON.parse(safe) as LogRecord) : safe);
    },
  };
}

export function createLogger(targets: LogTargets): LogHandle {
  const level = targets.level ?? 'info';
  const owned: number[] = [];
  const streams: pino.StreamEntry[] = [];
  const consoleFd = targets.consoleFd === undefined ? 2 : targets.consoleFd;
  if (consoleFd !== null) streams.push({ level, stream: lineSink(consoleFd, true) });
  if (targets.humanFile) {
    const fd = openAppend(targets.humanFile);
    owned.push(fd);
    streams.push({ level, stream: lineSink(fd, true) });
  }
  if (targets.jsonFile) {
    const fd = openAppend(targets.jsonFile);
    owned.push(fd);
    // Machines get everything, including progress events and quiet commands.
    streams.push({ level: 'debug', stream: lineSink(fd, false) });
  }
  const log = pino(
    { level: targets.jsonFile ? 'debug' : level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  return {
    log,
    close() {
      for (const fd of owned.splice(0)) closeSync(fd);
    },
  };
}
