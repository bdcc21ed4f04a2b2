// Runs checks against the host root; a check that throws is reported with status "error", never skipped.
import { errorMessage } from '../errors.js';
import type { Check, CheckContext, CheckResult } from './types.js';

/** Where a check without its own section is documented. */
const DEFAULT_DOCS = 'report.md#the-checks';

/** One check's result; never throws. */
export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, docs: check.docs ?? DEFAULT_DOCS };
  const target = ctx.facts.target;
  if (check.sinceMajor !== undefined && target.major < check.sinceMajor) {
    return {
      ...base,
      severity: check.severity,
      status: 'not-applicable',
      evidence: [`the target, ${target.name}, is not SLE ${check.sinceMajor}`],
    };
  }
  try {
    const finding = await check.run(ctx);
    if (finding.ok)
      return { ...base, severity: check.severity, status: finding.notApplicable ? 'not-applicable' : 'passed', evidence: finding.evidence };
    const remediation = finding.remediation ?? check.remediation;
    return {
      ...base,
      severity: finding.severity ?? check.severity,
      status: 'failed',
      evidence: finding.evidence,
      ...(remediation ? { remediation } : {}),
      ...(finding.commands?.length ? { commands: finding.commands } : {}),
    };
  } catch (err) {
    return { ...base, severity: check.severity, status: 'error', evidence: [`the check could not run: ${errorMessage(err)}`] };
  }
}

/** Checks one after the other, each without logging (see logFindings). */
export async function evaluateChecks(checks: readonly Check[], ctx: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await evaluateCheck(check, ctx));
  return results;
}

/** One log line per result, in the order given. */
export function logFindings(ctx: CheckContext, results: readonly CheckResult[]): void {
  for (const r of results) {
    ctx.log[r.status === 'failed' ? 'warn' : 'info'](
      { event: 'finding', check: r.id, severity: r.severity, status: r.status },
      `check ${r.id}: ${r.status}${r.status === 'failed' ? ` (${r.severity})` : ''}: ${r.evidence[0] ?? ''}`,
    );
  }
}
