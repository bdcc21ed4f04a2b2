// The status line a terminal shows under the lines of a run: step counter and progress, in the console stream itself.
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { STATUS_MARK, StatusLine } from '../../../entrypoint/log/status-line.js';

const at = (event: string, extra: Record<string, unknown> = {}) => ({ level: 30, time: '2026-11-25T06:40:01Z', event, ...extra });

test('the step counter follows the run order of migration.start; progress shows the plan, then a 20-cell bar', () => {
  const s = new StatusLine();
  assert.is(s.next(at('migration.start', { steps: ['btrfs-snapshot-pre', 'prepare', 'upgrade', 'finish'] })), undefined);
  assert.is(s.next(at('step.skip', { step: 'btrfs-snapshot-pre' })), '[1/4] btrfs-snapshot-pre');
  assert.is(s.next(at('step.start', { step: 'upgrade' })), '[3/4] upgrade');
  assert.is(
    s.next(at('progress', { step: 'upgrade', phase: 'plan', upgrade: 15, install: 3, remove: 1 })),
    '[3/4] upgrade: 15 to upgrade, 3 new, 1 to remove',
  );
  assert.is(
    s.next(at('progress', { step: 'upgrade', phase: 'install', done: 9, total: 18, percent: 50 })),
    '[3/4] upgrade: install 9/18 [##########----------] 50%',
  );
  assert.is(s.next(at('cmd.output', { step: 'upgrade', msg: 'x' })), undefined);
});

test('the console stream carries each status after the line that caused it: it never runs ahead of the lines', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-status-'));
  const file = path.join(dir, 'console');
  const fd = openSync(file, 'w');
  try {
    const { log, close } = createLogger({ consoleFd: fd, statusLine: true });
    log.info({ event: 'migration.start', version: '1', target: '15.7', mode: 'dup', steps: ['upgrade', 'finish'], startupMs: 1 }, 'start');
    log.child({ step: 'upgrade' }).info({ event: 'step.start', title: 'Upgrade' }, '=== Upgrade ===');
    log.child({ step: 'upgrade' }).info({ event: 'cmd.output', stream: 'stdout' }, '(1/2) Installing: a');
    log.child({ step: 'upgrade' }).info({ event: 'progress', phase: 'install', done: 1, total: 2, percent: 50 }, 'progress');
    log.child({ step: 'upgrade' }).info({ event: 'cmd.output', stream: 'stdout' }, '(2/2) Installing: b');
    log.child({ step: 'finish' }).info({ event: 'step.start', title: 'Finish' }, '=== Finish ===');
    close();
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const shown = lines.map((l) =>
      l.startsWith(STATUS_MARK) ? `STATUS ${l.slice(STATUS_MARK.length)}` : l.replace(/^.* UTC INFO {2}/, ''),
    );
    assert.equal(shown, [
      'start',
      '[upgrade] === Upgrade ===',
      'STATUS [1/2] upgrade',
      '[upgrade]   | (1/2) Installing: a',
      'STATUS [1/2] upgrade: install 1/2 [##########----------] 50%',
      '[upgrade]   | (2/2) Installing: b',
      '[finish] === Finish ===',
      'STATUS [2/2] finish',
    ]);
  } finally {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  }
});

test('without statusLine (podman run by hand, a pipe) the console has no status records', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-status-'));
  const file = path.join(dir, 'console');
  const fd = openSync(file, 'w');
  try {
    const { log, close } = createLogger({ consoleFd: fd });
    log.info({ event: 'step.start', title: 'Upgrade' }, '=== Upgrade ===');
    log.info({ event: 'progress', phase: 'install', done: 1, total: 2, percent: 50 }, 'progress');
    close();
    assert.not.match(await readFile(file, 'utf8'), /dms-status|progress/);
  } finally {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
