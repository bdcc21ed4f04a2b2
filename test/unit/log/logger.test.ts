// The logger: a log file that fills up (a real tmpfs with no room) stops taking lines without throwing into the
// caller, the other logs keep everything, and the failure is reported with the number of lines it missed; runs append.
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../entrypoint/log/logger.js';

test('a full log file never throws: the run goes on, the JSON log has every line, the failure is counted', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-log-'));
  const full = path.join(dir, 'full');
  await execa('mkdir', ['-p', full]);
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'dms-full-log', full]);
  try {
    const logs = createLogger({
      consoleFd: null,
      humanFile: path.join(full, 'distro_migration.log'),
      jsonFile: path.join(dir, 'distro_migration.jsonl'),
    });
    const line = 'x'.repeat(200);
    for (let i = 0; i < 500; i++) logs.log.info({ event: 'cmd.output', stream: 'stdout' }, `${i} ${line}`);
    logs.close();
    const failures = logs.failures();
    assert.is(failures.length, 1);
    assert.equal([failures[0]!.target, failures[0]!.error], [path.join(full, 'distro_migration.log'), 'ENOSPC']);
    assert.ok(failures[0]!.lost > 400, `lost ${failures[0]!.lost}`);
    const json = (await readFile(path.join(dir, 'distro_migration.jsonl'), 'utf8')).trim().split('\n');
    assert.is(json.length, 500, 'the JSON log, on another file system, has every line');
    assert.is((await stat(path.join(dir, 'distro_migration.jsonl'))).mode & 0o777, 0o640);
  } finally {
    await execa('umount', [full]);
    await rm(dir, { recursive: true, force: true });
  }
});

test('every JSON record carries the runId; progress is an info event of the JSON log only; the console leaves out the dumps', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-log-'));
  const consoleFile = path.join(dir, 'console');
  const fd = openSync(consoleFile, 'w');
  try {
    const logs = createLogger({
      consoleFd: fd,
      humanFile: path.join(dir, 'distro_migration.log'),
      jsonFile: path.join(dir, 'distro_migration.jsonl'),
      runId: 'run-1',
    });
    logs.log.info({ event: 'step.start', title: 'Prepare the container' }, 'prepare: Prepare the container');
    logs.log.info({ event: 'prepare.hosts' }, 'host /etc/hosts:\n127.0.0.1 localhost');
    logs.log.info({ event: 'finding', check: 'xfs-v4', severity: 'warning', status: 'passed' }, 'check xfs-v4: passed: ext4');
    logs.log.info({ event: 'progress', phase: 'install', done: 1, total: 2 }, 'progress');
    logs.close();
    const json = (await readFile(path.join(dir, 'distro_migration.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { runId?: string; event: string; level: number });
    assert.equal(
      json.map((r) => [r.event, r.runId]),
      [
        ['step.start', 'run-1'],
        ['prepare.hosts', 'run-1'],
        ['finding', 'run-1'],
        ['progress', 'run-1'],
      ],
    );
    assert.is(json.find((r) => r.event === 'progress')?.level, 30, 'progress at info');
    const human = await readFile(path.join(dir, 'distro_migration.log'), 'utf8');
    assert.match(human, /127\.0\.0\.1 localhost/);
    assert.match(human, /check xfs-v4: passed/);
    assert.not.match(human, /progress/);
    const shown = await readFile(consoleFile, 'utf8');
    assert.match(shown, /prepare: Prepare the container/);
    assert.not.match(shown, /localhost|xfs-v4|progress/);
  } finally {
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  }
});

test('every run appends to both logs: the lines of an earlier run stay, the runs told apart by their runId', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-log-'));
  try {
    const files = { humanFile: path.join(dir, 'distro_migration.log'), jsonFile: path.join(dir, 'distro_migration.jsonl') };
    for (const runId of ['run-1', 'run-2']) {
      const logs = createLogger({ consoleFd: null, ...files, runId });
      logs.log.info({ event: 'step.start', title: `Prepare (${runId})` }, `prepare: Prepare (${runId})`);
      logs.close();
    }
    const human = (await readFile(files.humanFile, 'utf8')).trim().split('\n');
    assert.is(human.length, 2);
    assert.match(human[0]!, /prepare: Prepare \(run-1\)$/);
    assert.match(human[1]!, /prepare: Prepare \(run-2\)$/);
    const json = (await readFile(files.jsonFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { runId: string }).runId);
    assert.equal(json, ['run-1', 'run-2']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
