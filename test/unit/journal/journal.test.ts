// The step journal: which earlier run is continued, step records with attempts, the file round trip and corruption.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alreadyDone, decideContinuation, newJournal, readJournal, recordStep, writeJournal } from '../../../entrypoint/journal/journal.js';

const key = { target: '15.7', mode: 'dup' as const };
const t0 = new Date('2026-11-25T07:00:00Z');

test('a failed run of the same target and mode is continued; the count of runs goes up', () => {
  const failed = { ...newJournal(key, t0), result: 'failed' as const };
  const c = decideContinuation(failed, key, false);
  assert.is(c.kind, 'continue');
  if (c.kind === 'continue') {
    assert.is(c.journal.runs, 2);
    assert.is(c.journal.result, 'running');
  }
});

test('a finished run, another target or mode, a corrupt journal and --restart all start fresh', () => {
  const done = { ...newJournal(key, t0), result: 'succeeded' as const };
  assert.is(decideContinuation(done, key, false).kind, 'fresh');
  assert.is(decideContinuation({ ...done, result: 'failed' }, { target: '16.0', mode: 'dup' }, false).kind, 'fresh');
  assert.is(decideContinuation({ ...done, result: 'failed' }, { target: '15.7', mode: 'plugin' }, false).kind, 'fresh');
  assert.is(decideContinuation('corrupt', key, false).kind, 'fresh');
  assert.is(decideContinuation(undefined, key, false).kind, 'fresh');
  const restart = decideContinuation({ ...done, result: 'failed' }, key, true);
  assert.equal(restart, { kind: 'fresh', reason: '--restart given' });
});

test('steps record their state, times and attempts', () => {
  let j = newJournal(key, t0);
  j = recordStep(j, 'upgrade', { state: 'running', started: t0.toISOString() }, t0);
  j = recordStep(j, 'upgrade', { state: 'failed', error: 'zypper dup exit code 106' }, t0);
  j = recordStep(j, 'upgrade', { state: 'running' }, t0);
  j = recordStep(j, 'upgrade', { state: 'succeeded', durationMs: 5 }, t0);
  assert.is(j.steps.upgrade?.attempts, 2);
  assert.is(j.steps.upgrade?.state, 'succeeded');
  assert.ok(alreadyDone(j, 'upgrade'));
  assert.not.ok(alreadyDone(j, 'finish'));
});

test('the journal file round-trips and a damaged one reads as corrupt', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-journal-'));
  const file = path.join(dir, 'var/lib/dms/journal.json');
  assert.is(await readJournal(file), undefined);
  const j = recordStep(newJournal(key, t0), 'prepare', { state: 'succeeded' }, t0);
  await writeJournal(file, j);
  assert.equal(await readJournal(file), j);
  await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
  assert.is(await readJournal(file), 'corrupt');
  await writeFile(file, JSON.stringify({ ...j, schemaVersion: 99 }));
  assert.is(await readJournal(file), 'corrupt');
});

test.run();
