// Tests of the report: JSON shape, the text summary (console and report.txt), and the HTML page rendered by headless Chromium.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport, type Report } from '../../../entrypoint/report/model.js';
import { reportText } from '../../../entrypoint/report/text.js';
import { REPORT_FILES, writeReport } from '../../../entrypoint/report/write.js';
import { emptyPlan } from '../../../entrypoint/plan/types.js';
import { configSchema } from '../../../entrypoint/config/schema.js';
import { parse } from 'yaml';
import { renderDom, visibleText } from '../../helpers/chromium.js';
import { testFacts } from '../../helpers/facts.js';

function sample(): Report {
  return buildReport({
    kind: 'check',
    now: new Date('2026-11-25T09:00:00Z'),
    hostname: 'sles12sp5',
    facts: {
      ...testFacts({ targetVersionId: '15.7' }),
      source: { ...testFacts().source, release: { PRETTY_NAME: 'SUSE Linux Enterprise Server 12 SP5', VERSION_ID: '12.5' } },
    },
    result: 'inhibited',
    checks: [
      {
        id: 'solver-plan',
        title: 'The solver finds an upgrade without conflicts',
        severity: 'inhibitor',
        status: 'failed',
        evidence: ['Problem: legacy-agent-3.1-1.noarch requires sles-release < 15'],
        remediation: 'remove the package that holds the upgrade back',
        commands: ['zypper remove legacy-agent'],
        docs: 'report.md#the-checks',
      },
      {
        id: 'third-party',
        title: 'Third-party repositories',
        severity: 'warning',
        status: 'waived',
        evidence: ['repositories not from SUSE: acme (https://user:hunter2@acme.example/repo)'],
        waiver: { reason: 'ACME certified', expires: '2027-01-31' },
      },
      { id: 'xfs-v4', title: 'The root file system is not XFS v4', severity: 'warning', status: 'passed', evidence: ['ext4'] },
    ],
    plan: {
      ...emptyPlan('dup-dry-run', 'zypper --root /system-root dup --dry-run'),
      mode: 'dup',
      problems: ['Problem: legacy-agent-3.1-1.noarch requires sles-release < 15'],
    },
  });
}

test('the JSON report follows schema 2 and the text summary leads with the result and the inhibitor', () => {
  const report = sample();
  assert.equal(Object.keys(report), [
    'schemaVersion',
    'kind',
    'generatedAt',
    'tool',
    'host',
    'target',
    'result',
    'facts',
    'checks',
    'plan',
  ]);
  assert.equal(report.facts, { mode: 'dup', arch: 'x86_64' });
  assert.equal(report.host, { hostname: 'sles12sp5', os: 'SUSE Linux Enterprise Server 12 SP5', versionId: '12.5' });
  const text = reportText(report);
  assert.match(text.split('\n')[1]!, /^INHIBITED/);
  assert.match(text, /\[STOP\] solver-plan[^\n]*\n\s+Problem: legacy-agent/);
  assert.match(text, /\[WAIV\] third-party[^\n]*\n[^\n]*\n\s+waived: ACME certified \(until 2027-01-31\)/);
  assert.match(
    text,
    /\n\s+fix: remove the package that holds the upgrade back\n\s+run: zypper remove legacy-agent\n\s+docs: report\.md#the-checks\n\s+or waive it:\n/,
  );
  assert.not.match(text, /third-party[\s\S]*or waive it/, 'a waived check needs no waiver entry');
});

test('the waiver entry a report offers is a configuration the loader accepts once its reason is filled in, and refuses before', async () => {
  const snippet = sample().checks.find((c) => c.id === 'solver-plan')!.waiverSnippet!;
  const refused = configSchema.safeParse(parse(snippet));
  assert.not.ok(refused.success, 'an empty reason waives nothing');
  const filled = configSchema.parse(parse(snippet.replace('reason: ""', 'reason: "vendor certified"')));
  assert.equal(filled.waivers, [{ id: 'solver-plan', reason: 'vendor certified', expires: '2026-12-25' }]);
  assert.is(sample().checks.find((c) => c.id === 'third-party')!.waiverSnippet, undefined, 'only failed inhibitors get one');
});

test('the written HTML page renders in headless Chromium with the result, every check, the waiver and the solver problem; secrets are masked', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-report-'));
  try {
    const written = await writeReport(root, sample());
    assert.equal(written.files, [REPORT_FILES.json, REPORT_FILES.html, REPORT_FILES.text]);
    // The text report is the console summary (Leapp's leapp-report.txt), masked like the others.
    const txt = await readFile(path.join(root, REPORT_FILES.text), 'utf8');
    assert.is(txt, reportText(written.report, written.files));
    assert.match(txt, /^INHIBITED/m);
    assert.match(
      txt,
      /Report: \/var\/log\/distro_migration\.report\.json, \/var\/log\/distro_migration\.report\.html, \/var\/log\/distro_migration\.report\.txt\n$/,
    );
    assert.not.match(txt, /hunter2/);
    assert.equal(
      (await readdir(path.join(root, 'var/log'))).sort(),
      ['distro_migration.report.html', 'distro_migration.report.json', 'distro_migration.report.txt'],
      'no temporary file is left',
    );
    const json = await readFile(path.join(root, REPORT_FILES.json), 'utf8');
    assert.not.match(json, /hunter2/);
    assert.is((JSON.parse(json) as Report).schemaVersion, 2);
    const html = await readFile(path.join(root, REPORT_FILES.html), 'utf8');
    assert.not.match(html, /<script|<link|src=|https?:\/\/(?!user:\*\*\*@acme)/, 'self-contained: no scripts, no external assets');
    const text = visibleText(await renderDom(path.join(root, REPORT_FILES.html)));
    assert.match(text, /Migration pre-flight check of sles12sp5 INHIBITED/);
    assert.match(
      text,
      /Needs attention solver-plan \(inhibitor\): Problem: legacy-agent-3\.1-1\.noarch requires sles-release < 15 What to do: remove the package that holds the upgrade back zypper remove legacy-agent Documentation: report\.md#the-checks Or, if this host may migrate anyway, waive the check \(fill in the reason\): # in \/etc\/sle-migration-service\.yml on the host waivers: - id: solver-plan reason: "" # say why this host may migrate anyway expires: 2026-12-25 Checks/,
      'the remediation itself, its command, the docs and a waiver entry are shown; the waived and passed checks need no attention',
    );
    assert.match(
      text,
      /Checks 1 inhibitor\(s\), 0 warning\(s\), 1 waived, 0 error, \d+ passed, \d+ not-applicable Needs attention/,
      'inhibitors are counted apart',
    );
    assert.match(
      text,
      /solver-plan The solver finds an upgrade without conflicts inhibitor failed \(inhibitor\) Problem: legacy-agent-3\.1-1\.noarch requires sles-release < 15/,
    );
    assert.match(text, /third-party .* waived .* Waiver: ACME certified \(expires 2027-01-31\)/);
    assert.match(text, /xfs-v4 The root file system is not XFS v4 warning passed ext4/);
    assert.match(text, /Solver problems Problem: legacy-agent/);
    assert.not.match(text, /hunter2/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
