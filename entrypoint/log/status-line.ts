// The status line of a terminal that follows a run (the shim's): the step counter and zypper's progress, computed
// from the same records, in the same order, as the log lines it sits under.
import type { LogRecord } from './format.js';

/** Starts a status record in the console stream: a control character no log line begins with. */
export const STATUS_MARK = '\u001edms-status ';

/** The progress bar: 20 cells, one per 5 %. */
function bar(percent: number): string {
  const filled = Math.max(0, Math.min(20, Math.floor(percent / 5)));
  return `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}]`;
}

/** Follows the records of one run; `next` gives the new status line, or undefined when the record changes none. */
export class StatusLine {
  private steps: string[] = [];
  private index = 0;
  private step = '';

  next(record: LogRecord): string | undefined {
    const head = () => `[${this.index}/${this.steps.length || '?'}] ${this.step}`;
    switch (record.event) {
      case 'migration.start':
        this.steps = Array.isArray(record.steps) ? record.steps.map(String) : [];
        return undefined;
      case 'step.start':
      case 'step.skip': {
        this.step = String(record.step ?? '');
        const at = this.steps.indexOf(this.step);
        this.index = at >= 0 ? at + 1 : this.index + 1;
        return head();
      }
      case 'progress': {
        if (record.phase === 'plan') return `${head()}: ${record.upgrade} to upgrade, ${record.install} new, ${record.remove} to remove`;
        const percent = Number(record.percent ?? 0);
        return `${head()}: ${record.phase} ${record.done}/${record.total} ${bar(percent)} ${percent}%`;
      }
      default:
        return undefined;
    }
  }
}
