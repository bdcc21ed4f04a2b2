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

/** `2026-11-25 06:40:01 INFO  [prepare] message` (command output lines are indented under their command). */
export function formatRecord(record: LogRecord): string {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString() : String(record.time);
  const stamp = time.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  const level = (LEVELS[record.level] ?? String(record.level)).padEnd(5);
  const step = record.step ? `[${record.step}] ` : '';
  const msg = record.event === 'cmd.output' ? `  | ${record.msg ?? ''}` : (record.msg ?? '');
  const hint = typeof record.hint === 'string' ? `\n${' '.repeat(26)}hint: ${record.hint}` : '';
  return `${stamp} ${level} ${step}${msg}${hint}\n`;
}
