// The pre-flight gate of `run` against real bed roots with the machine's zypper: stop on an inhibitor, fix, report after.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { preflightGate } from '../../../entrypoint/run/gate.js';
import type { Report } from '../../../entrypoint/report/model.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { treeHash } from '../../helpers/host-root.js';
import { bedSuite } from '../../helpers/bed-suite.js';
import { rootFacts } from '../../helpers/facts.js';

const test = bedSuite('run gate');
const log = createLogger({ consoleFd: null }).log;
const input = async (root: string, over: Partial<typeof DEFAULTS> = {}) => {
  const config = { ...DEFAULTS, use_zypper_migration: false, ...over };
  return { root, config, facts: await rootFacts(root, config), exec: new Exec(log), log };
};
const readReport = async (root: string) =>
  JSON.parse(await readFile(path.join(root, 'var/log/distro_migration.report.json'), 'utf8')) as Report;

test('an inhibitor closes the gate: the report says inhibited and only the report was written', async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  try {
    await writeFile(path.join(root, 'run/.containerenv'), '');
    const before = await treeHash(root);
    const gate = await preflightGate(await input(root));
    assert.is(gate.proceed, false);
    assert.equal(gate.inhibited, { inhibitors: 1, report: '/var/log/distro_migration.report.txt' });
    const report = await readReport(root);
    assert.equal([report.kind, report.result], ['run', 'inhibited']);
    assert.is(report.checks.find((c) => c.id === 'inside-container')?.status, 'failed');
    for (const f of ['distro_migration.report.json', 'distro_migration.report.html', 'distro_migration.report.txt'])
      await rm(path.join(root, 'var/log', f));
    assert.is(await treeHash(root), before);
  } finally {
    await removeSystemRoot(root);
  }
});

test('an open gate changes nothing, fixable findings included (their fixes are a step after the snapshot); after the steps it reports what changed against the plan', async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  try {
    const conf = path.join(root, 'etc/zypp/zypp.conf');
    const text = '[main]\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = latest,latest-1,running\n';
    await writeFile(conf, text);
    const gate = await preflightGate(await input(root));
    assert.is(gate.proceed, true);
    assert.is(await readFile(conf, 'utf8'), text, 'pre_checks_fix is on, yet the gate repaired nothing');
    // No step ran here: every predicted change is reported as not done.
    const files = await gate.finish({
      ok: false,
      failedStep: 'upgrade',
      steps: [{ id: 'upgrade', status: 'failed', durationMs: 1, error: 'x' }],
    });
    assert.ok(files.includes('/var/log/distro_migration.report.txt'), files.join(', '));
    const report = await readReport(root);
    assert.equal([report.kind, report.result], ['run', 'failed']);
    assert.equal(report.steps, [{ id: 'upgrade', status: 'failed', durationMs: 1, error: 'x' }]);
    assert.is(report.plan?.comparison?.matches, false);
    assert.ok(report.plan!.comparison!.plannedNotDone.includes('sles-release'));
    assert.equal(report.plan!.comparison!.doneNotPlanned, []);
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
