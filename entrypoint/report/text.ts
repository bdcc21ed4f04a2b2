// The console summary of a report: result first, then every check that did not pass, then the plan in figures.
import type { CheckResult } from '../checks/types.js';
import { planMissingReason, type Report } from './model.js';

const RESULT_LINE: Record<Report['result'], string> = {
  ready: 'READY: no inhibitor found; the migration can start',
  inhibited: 'INHIBITED: the migration cannot start until the inhibitors below are resolved or waived',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
};

function mark(c: CheckResult): string {
  if (c.status === 'passed') return 'ok  ';
  if (c.status === 'not-applicable') return 'n/a ';
  if (c.status === 'waived') return 'WAIV';
  if (c.status === 'error') return 'ERR ';
  return c.severity === 'inhibitor' ? 'STOP' : c.severity === 'warning' ? 'WARN' : 'INFO';
}

function errorsNote(checks: CheckResult[]): string {
  const n = checks.filter((c) => c.status === 'error').length;
  return n === 0 ? '' : ` (${n} check(s) could not run: see ERR below)`;
}

export function reportText(report: Report, files: string[] = []): string {
  const lines = [
    `Distribution migration ${report.kind === 'check' ? 'pre-flight check' : 'run'}: ${report.host.os} -> ${report.target.name}`,
    RESULT_LINE[report.result] + errorsNote(report.checks),
    '',
  ];
  const order = { failed: 0, error: 1, waived: 2, passed: 3, 'not-applicable': 4 } as const;
  const sev = { inhibitor: 0, warning: 1, info: 2 } as const;
  const sorted = [...report.checks].sort((a, b) => order[a.status] - order[b.status] || sev[a.severity] - sev[b.severity]);
  for (const c of sorted) {
    lines.push(`[${mark(c)}] ${c.id}: ${c.title}`);
    if (c.status === 'passed') continue;
    if (c.status === 'not-applicable') {
      lines[lines.length - 1] += ` (${c.evidence[0] ?? 'not applicable here'})`;
      continue;
    }
    for (const e of c.evidence) lines.push(...e.split('\n').map((l) => `         ${l}`));
    if (c.waiver) lines.push(`         waived: ${c.waiver.reason}${c.waiver.expires ? ` (until ${c.waiver.expires})` : ''}`);
    if (c.status === 'waived') continue;
    if (c.remediation) lines.push(`         fix: ${c.remediation}`);
    for (const command of c.commands ?? []) lines.push(`         run: ${command}`);
    if (c.docs && c.status === 'failed') lines.push(`         docs: ${c.docs}`);
    if (c.waiverSnippet) lines.push('         or waive it:', ...c.waiverSnippet.split('\n').map((l) => `           ${l}`));
  }
  const plan = report.plan;
  if (plan) {
    lines.push('');
    if (plan.computed) {
      const mib = plan.downloadBytes === undefined ? '?' : (plan.downloadBytes / 1024 / 1024).toFixed(1);
      lines.push(
        `Plan (${plan.method}): ${plan.upgrade.length} to upgrade, ${plan.install.length} to install, ${plan.remove.length} to remove, ${plan.downgrade.length} to downgrade, ${plan.vendorChange.length} vendor changes; ${mib} MiB to download`,
      );
    } else {
      lines.push(`Plan (${plan.method}): not computed: ${planMissingReason(plan)}`);
    }
    if (plan.comparison) {
      const c = plan.comparison;
      lines.push(
        c.matches
          ? 'The run changed exactly the packages the plan predicted.'
          : `Compared with the plan: ${c.plannedNotDone.length} predicted change(s) not done${c.plannedNotDone.length ? ` (${c.plannedNotDone.join(', ')})` : ''}, ${c.doneNotPlanned.length} unpredicted${c.doneNotPlanned.length ? ` (${c.doneNotPlanned.join(', ')})` : ''}`,
      );
    }
  }
  if (files.length > 0) lines.push('', `Report: ${files.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
