import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Exec } from '../../../entrypoint/system/exec.js';
import { acquireLock, LockBusyError } from '../../../entrypoint/system/lock.js';

const exec = new Exec(pino({ level: 'silent' }));

test('a second holder is refused while the first holds the lock, and gets it after release', async () => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'dms-lock-')), 'sub/migration.lock');
  const first = await acquireLock(exec, file);
  try {
    await acquireLock(exec, file);
    assert.unreachable('the second acquire must fail');
  } catch (err) {
    assert.instance(err, LockBusyError);
    assert.match((err as Error).message, /another migration is running/);
  }
  await first.release();
  const second = await acquireLock(exec, file);
  await second.release();
});

test.run();
