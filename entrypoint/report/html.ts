// The report as one static HTML page with inline CSS only (no scripts, no external assets), for a browser.
import type { CheckResult } from '../checks/types.js';
import type { PlannedPackage } from '../plan/types.js';
import { planMissingReason, type Report } from './model.js';

const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.result{display:inline-block;padding:.3rem .8rem;border-radius:.3rem;font-weight:bold;color:#fff}
.ready,.succeeded{background:#1d7a34}.inhibited,.failed{background:#b3261e}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.st-failed.sev-inhibitor{background:#fde7e6}.st-failed.sev-warning{background:#fff4d6}
.st-waived{background:#eef3ff}.st-error{background:#f6e8ff}pre{white-space:pre-wrap;margin:0;font:13px ui-monospace,monospace}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:bold}
#attention>li{margin-bottom:1.2rem}.cmds{list-style:none;padding:0;margin:.3rem 0}.cmds li{margin:.15rem 0}.cmds code,.snippet{display:block;background:#f4f4f4;border:1px solid #ddd;padding:.25rem .5rem;font:13px ui-monospace,monospace;white-space:pre-wrap}`;

/** What to do about a check: the remediation, its commands one per line (copyable), the docs, a waiver entry. */
function whatToDo(c: CheckResult): string {
  const commands = c.commands?.length ? `<ol class="cmds">${c.commands.map((x) => `<li><code>${esc(x)}</code></li>`).join('')}</ol>` : '';
  const docs = c.docs ? `<p class="docs">Documentation: <a href="${esc(c.docs)}">${esc(c.docs)}</a></p>` : '';
  const waiver = c.waiverSnippet
    ? `<p>Or, if this host may migrate anyway, waive the check (fill in the reason):</p><pre class="snippet">${esc(c.waiverSnippet)}</pre>`
    : '';
  return `${c.remediation ? `<p class="fix">What to do: ${esc(c.remediation)}</p>` : ''}${commands}${docs}${waiver}`;
}

/** Failed inhibitors first, then the other failed checks and the errors: what the administrator has to look at. */
function attention(checks: CheckResult[]): string {
  const rank = (c: CheckResult) => (c.status === 'failed' ? { inhibitor: 0, warning: 1, info: 2 }[c.severity] : 3);
  const todo = checks.filter((c) => c.status === 'failed' || c.status === 'error').sort((a, b) => rank(a) - rank(b));
  if (todo.length === 0) return '<p id="attention">Nothing needs attention.</p>';
  const first = (c: CheckResult) => (c.evidence[0] ?? c.title).split('\n')[0]!.replace(/^the check could not run: /, '');
  const item = (c: CheckResult) =>
    `<li><a href="#check-${esc(c.id)}">${esc(c.id)}</a> (${c.status === 'error' ? 'could not run' : esc(c.severity)}): ${esc(first(c))}` +
    `${c.status === 'failed' ? whatToDo(c) : ''}</li>`;
  return `<h2>Needs attention</h2><ul id="attention">${todo.map(item).join('')}</ul>`;
}

function checkRow(c: CheckResult): string {
  const status = c.status === 'failed' ? `failed (${c.severity})` : c.status;
  const waiver = c.waiver ? `<p>Waiver: ${esc(c.waiver.reason)}${c.waiver.expires ? ` (expires ${esc(c.waiver.expires)})` : ''}</p>` : '';
  const fix =
    c.status === 'failed' || c.status === 'error'
      ? `${c.remediation ? `<p>Remediation: ${esc(c.remediation)}</p>` : ''}${c.commands?.length ? `<pre>${esc(c.commands.join('\n'))}</pre>` : ''}`
      : '';
  return (
    `<tr id="check-${esc(c.id)}" class="st-${c.status} sev-${c.severity}"><td><code>${esc(c.id)}</code></td><td>${esc(c.title)}</td><td>${esc(c.severity)}</td>` +
    `<td>${esc(status)}</td><td><pre>${esc(c.evidence.join('\n'))}</pre>${waiver}${fix}</td></tr>`
  );
}

function packageList(title: string, list: PlannedPackage[]): string {
  if (list.length === 0) return '';
  const items = list
    .map(
      (p) =>
        `<li>${esc(p.kind === 'package' ? '' : `${p.kind} `)}${esc(p.name)} ${p.editionOld ? `${esc(p.editionOld)} &rarr; ` : ''}${esc(p.edition)} ${esc(p.arch)}</li>`,
    )
    .join('');
  return `<details open><summary>${esc(title)} (${list.length})</summary><ul>${items}</ul></details>`;
}

function planSection(report: Report): string {
  const plan = report.plan;
  if (!plan) return '';
  const sizes = plan.downloadBytes === undefined ? '' : `<dt>Download</dt><dd>${(plan.downloadBytes / 1024 / 1024).toFixed(1)} MiB</dd>`;
  const problems = plan.problems.map((p) => `<pre class="problem">${esc(p)}</pre>`).join('');
  const cmp = plan.comparison
    ? `<h3>What the run did compared with the plan</h3><p>${plan.comparison.matches ? 'Exactly the predicted packages changed.' : 'The run differs from the plan.'}</p>` +
      `<dl><dt>Predicted, not done</dt><dd>${esc(plan.comparison.plannedNotDone.join(', ') || 'none')}</dd>` +
      `<dt>Done, not predicted</dt><dd>${esc(plan.comparison.doneNotPlanned.join(', ') || 'none')}</dd></dl>`
    : '';
  return (
    `<h2>Change plan</h2><dl><dt>Mode</dt><dd>${esc(plan.mode)}</dd><dt>Method</dt><dd><code>${esc(plan.command)}</code>${plan.method === 'dup-dry-run' ? ' (run on a throw-away view of the host&#39;s /: nothing on the host changed)' : ''}</dd>` +
    `<dt>Computed</dt><dd>${plan.computed ? 'yes' : `no: ${esc(planMissingReason(plan))}`}</dd>${sizes}</dl>` +
    (problems ? `<h3>Solver problems</h3>${problems}` : '') +
    (plan.errors.length ? `<h3>Errors</h3><pre>${esc(plan.errors.join('\n'))}</pre>` : '') +
    (plan.notes.length ? `<p>${esc(plan.notes.join(' '))}</p>` : '') +
    packageList('To upgrade', plan.upgrade) +
    packageList('To install', plan.install) +
    packageList('To remove', plan.remove) +
    packageList('To downgrade', plan.downgrade) +
    packageList('Vendor changes', plan.vendorChange) +
    (plan.migrationTargets?.length
      ? `<h3>Offered migrations</h3><ul>${plan.migrationTargets.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`
      : '') +
    cmp
  );
}

function stepsSection(report: Report): string {
  if (!report.steps) return '';
  const rows = report.steps
    .map((s) => `<tr><td>${esc(s.id)}</td><td>${esc(s.status)}</td><td>${s.durationMs} ms</td><td>${esc(s.error ?? '')}</td></tr>`)
    .join('');
  return `<h2>Steps</h2><table><tr><th>Step</th><th>Status</th><th>Duration</th><th>Error</th></tr>${rows}</table>`;
}

export function reportHtml(report: Report): string {
  const title = `Migration ${report.kind === 'check' ? 'pre-flight check' : 'run'} of ${report.host.hostname}`;
  const failed = report.checks.filter((c) => c.status === 'failed');
  const inhibitors = failed.filter((c) => c.severity === 'inhibitor').length;
  const counts = [
    `${inhibitors} inhibitor(s)`,
    `${failed.length - inhibitors} warning(s)`,
    ...(['waived', 'error', 'passed', 'not-applicable'] as const).map((s) => `${report.checks.filter((c) => c.status === s).length} ${s}`),
  ].join(', ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${CSS}</style></head><body>
<h1>${esc(title)}</h1>
<p><span class="result ${esc(report.result)}" id="result">${esc(report.result.toUpperCase())}</span></p>
<dl><dt>Host</dt><dd>${esc(report.host.hostname)}: ${esc(report.host.os)} (${esc(report.host.versionId)})</dd>
<dt>Target</dt><dd>${esc(report.target.name)} (${esc(report.target.versionId)})</dd><dt>Generated</dt><dd>${esc(report.generatedAt)} by ${esc(report.tool.name)} ${esc(report.tool.version)}</dd>
<dt>Checks</dt><dd>${esc(counts)}</dd></dl>
${attention(report.checks)}
<h2>Checks</h2><table id="checks"><tr><th>Id</th><th>Check</th><th>Severity</th><th>Status</th><th>Evidence</th></tr>
${report.checks.map(checkRow).join('\n')}</table>
${planSection(report)}
${stepsSection(report)}
</body></html>
`;
}
