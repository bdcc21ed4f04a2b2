// The one-line result the host shim reads: its fields, their flattening and masking, the outcome mapping, the atomic write.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  clearShimResult,
  fieldsLine,
  parseFieldsLine,
  resultLine,
  shimResultOf,
  writeShimResult,
} from '../../../entrypoint/run/shim-result.js';

test('tab-separated KEY=VALUE fields, outcome first, one newline at the end; empty values are left out', () => {
  assert.is(
    resultLine({ outcome: 'inhibited', inhibitors: 2, report: '/var/log/distro_migration.report.txt' }),
    'outcome=inhibited\tinhibitors=2\treport=/var/log/distro_migration.report.txt\tlog=/var/log/distro_migration.log\n',
  );
  assert.is(fieldsLine({ source: 'SLES 12 SP5', target: '', target_version: undefined }), 'source=SLES 12 SP5\n');
});

test('a value with newlines and tabs stays on its one field; credentials are masked', () => {
  const line = fieldsLine({
    error: 'zypper dup exit code 106:\n\tRepository https://user:hunter2@acme.example/repo failed',
    hint: 'check\r\nthe repositories',
  });
  assert.is(line.split('\n').length, 2, 'one line');
  assert.not.match(line, /hunter2/);
  assert.equal(parseFieldsLine(line), {
    error: 'zypper dup exit code 106: Repository https://user:***@acme.example/repo failed',
    hint: 'check the repositories',
  });
  assert.throws(() => fieldsLine({ 'bad key': 'x' }), /not a field name/);
});

test('outcomes: succeeded names the new system; failed and interrupted name the step, its error, hint and what to do', () => {
  assert.equal(shimResultOf({ ok: true, system: 'SUSE Linux Enterprise Server 15 SP7', steps: [] }, '/r.txt'), {
    outcome: 'succeeded',
    system: 'SUSE Linux Enterprise Server 15 SP7',
    report: '/r.txt',
  });
  const steps = [
    { id: 'prepare', status: 'succeeded' as const, durationMs: 1 },
    { id: 'upgrade', status: 'failed' as const, durationMs: 2, error: 'zypper dup exit code 106', hint: 'check the repositories' },
  ];
  assert.equal(shimResultOf({ ok: false, failedStep: 'upgrade', advice: 'Fix it.', steps }, undefined), {
    outcome: 'failed',
    step: 'upgrade',
    error: 'zypper dup exit code 106',
    hint: 'check the repositories',
    advice: 'Fix it.',
  });
  const stopped = shimResultOf({ ok: false, failedStep: 'upgrade', interrupted: true, steps: [] }, undefined);
  assert.equal(stopped, { outcome: 'interrupted', step: 'upgrade', advice: 'Fix the cause and run the migration again.' });
});

test('written atomically to the host (no temp file left), replaced by the next run, cleared at the start of one', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-shim-result-'));
  try {
    const file = path.join(root, 'var/log/distro_migration.result');
    await writeShimResult(root, { outcome: 'inhibited', inhibitors: 1 });
    assert.is(await readFile(file, 'utf8'), 'outcome=inhibited\tinhibitors=1\tlog=/var/log/distro_migration.log\n');
    await writeShimResult(root, { outcome: 'succeeded' });
    assert.is(await readFile(file, 'utf8'), 'outcome=succeeded\tlog=/var/log/distro_migration.log\n');
    assert.equal(await readdir(path.dirname(file)), ['distro_migration.result']);
    await clearShimResult(root);
    await clearShimResult(root);
    assert.equal(await readdir(path.dirname(file)), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
