// Turns one pino JSON record into the human-readable line used on the console and in distro_migration.log.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

export interface LogRecord {
  level: number;
  time: string | number;
  msg?: string;
  step?: string;
  event?: string;
  [key: string]: unknown;
}

/** Records the log file keeps but the console leaves out: what a person at the terminal does not need to read. */
const LOG_FILE_ONLY = new Set(['config', 'prepare.network', 'prepare.hosts', 'exec.env']);

/** Whether a record goes to the console too: not the configuration, network and /etc/hosts dumps, nor passed checks. */
export function forConsole(record: LogRecord): boolean {
  if (record.event && LOG_FILE_ONLY.has(record.event)) return false;
  return !(record.event === 'finding' && (record.status === 'passed' || record.status === 'not-applicable'));
}

/** Whether a record has a human line at all: progress events are for machines (the JSON log) only. */
export const forHumans = (record: LogRecord): boolean => record.event !== 'progress';

/**
 * `2026-11-25 06:40:01 UTC INFO  [prepare] message` (command output lines are indented under their command); the
 * continuation lines of a multi-line message are indented under its first line.
 */
export function formatRecord(record: LogRecord): string {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString() : String(record.time);
  const stamp = `${time.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} UTC`;
  const level = (LEVELS[record.level] ?? String(record.level)).padEnd(5);
  const step = record.step ? `[${record.step}] ` : '';
  const head = `${stamp} ${level} ${step}`;
  const indent = ' '.repeat(head.length);
  const msg = record.event === 'cmd.output' ? `  | ${record.msg ?? ''}` : (record.msg ?? '');
  const hint = typeof record.hint === 'string' ? `\n${' '.repeat(stamp.length + 7)}hint: ${record.hint}` : '';
  return `${head}${msg.replaceAll('\n', `\n${indent}`)}${hint}\n`;
}
