// Runs every check against the host root; a check that throws is reported with status "error", never skipped.
import { errorMessage } from '../errors.js';
import type { Check, CheckContext, CheckResult } from './types.js';

export async function runChecks(ctx: CheckContext, checks: readonly Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, title: check.title };
    try {
      const finding = await check.run(ctx);
      if (finding.ok) {
        results.push({ ...base, severity: check.severity, status: 'passed', evidence: finding.evidence });
      } else {
        const remediation = finding.remediation ?? check.remediation;
        results.push({ ...base, severity: finding.severity ?? check.severity, status: 'failed', evidence: finding.evidence, ...(remediation ? { remediation } : {}) });
      }
    } catch (err) {
      results.push({ ...base, severity: check.severity, status: 'error', evidence: [`the check could not run: ${errorMessage(err)}`] });
    }
    const r = results.at(-1)!;
    ctx.log[r.status === 'failed' ? 'warn' : 'info']({ event: 'finding', check: r.id, severity: r.severity, status: r.status },
      `check ${r.id}: ${r.status}${r.status === 'failed' ? ` (${r.severity})` : ''}: ${r.evidence[0] ?? ''}`);
  }
  return results;
}
