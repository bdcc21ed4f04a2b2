// The one-migration lock: a second holder is refused, and a killed holder does not leave it stuck.
import { mkdtemp } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
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

test('a holder killed with SIGKILL does not leave the lock stuck: the kernel frees it', async () => {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'dms-lock-')), 'migration.lock');
  const lockModule = fileURLToPath(new URL('../../../entrypoint/system/lock.ts', import.meta.url));
  const execModule = fileURLToPath(new URL('../../../entrypoint/system/exec.ts', import.meta.url));
  // A migration as another process: takes the lock, says so, then hangs until killed.
  const script = `const { acquireLock } = await import(${JSON.stringify(lockModule)}); const { Exec } = await import(${JSON.stringify(execModule)});
    const pino = (await import('pino')).default; await acquireLock(new Exec(pino({ level: 'silent' })), ${JSON.stringify(file)});
    console.log('held'); setInterval(() => {}, 1000);`;
  const holder = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { reject: false, stdin: 'ignore' });
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  try {
    await acquireLock(exec, file);
    assert.unreachable('the lock must be held while the holder lives');
  } catch (err) {
    assert.instance(err, LockBusyError);
  }
  holder.kill('SIGKILL');
  await holder;
  // flock's helper sees its stdin close and exits; the kernel then drops the lock. Wait for that, bounded.
  let lock: Awaited<ReturnType<typeof acquireLock>> | undefined;
  for (let i = 0; i < 200 && !lock; i++) {
    lock = await acquireLock(exec, file).catch((err: unknown) => {
      if (!(err instanceof LockBusyError)) throw err;
      return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50));
    });
  }
  assert.ok(lock, 'the lock was free again after the holder was killed');
  await lock!.release();
});

test.run();
