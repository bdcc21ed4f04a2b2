// finish holds for debugging only when the run asked for it (--debug): a debug: true left in a configuration file never holds a run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../../entrypoint/config/load.js';
import type { Logger } from '../../../entrypoint/log/logger.js';
import { finish } from '../../../entrypoint/steps/finish.js';
import { stepContext } from '../../helpers/step-context.js';

interface Record {
  event?: string;
  msg: string;
}

/**
 * Runs finish for the configuration the loader makes of a host file `debug: true` (and of `overrides`), without a
 * terminal. Should finish hold, the log spy ends the hold at once the way `podman stop` would (SIGTERM), so a
 * wrong hold fails the assertions instead of waiting forever.
 */
async function finishWith(overrides: { debug?: boolean }): Promise<Record[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-finish-'));
  const host = path.join(dir, 'sle-migration-service.yml');
  await writeFile(host, 'debug: true\n');
  const { config } = await loadConfig({ imageFile: '/nonexistent', dropinDir: '/nonexistent', hostFile: host, overrides });
  const records: Record[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const record = JSON.parse(line) as Record;
        records.push(record);
        if (record.event === 'finish.debug' && /^Reboot skipped/.test(record.msg)) setImmediate(() => process.emit('SIGTERM', 'SIGTERM'));
      },
    },
  ) as unknown as Logger;
  const ctx = { ...stepContext(dir, config), log };
  const tty = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
  Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
  try {
    await finish.run(ctx);
  } finally {
    if (tty) Object.defineProperty(process.stdin, 'isTTY', tty);
    else delete (process.stdin as { isTTY?: boolean }).isTTY;
    await rm(dir, { recursive: true, force: true });
  }
  return records;
}

test('debug: true in the host file, no --debug: finish does not hold, it releases the mounts at once', async () => {
  const records = await finishWith({});
  assert.equal(
    records.filter((r) => r.event === 'finish.debug'),
    [],
  );
  assert.equal(
    records.map((r) => r.msg),
    ['released 0 mount(s); none left'],
  );
});

test('--debug: finish holds (here until the SIGTERM of the spy), then releases', async () => {
  const [hold, ...after] = (await finishWith({ debug: true })).map((r) => r.msg);
  assert.match(hold ?? '', /^Reboot skipped due to debug flag set: no mounts were made\. Inspect with `podman exec -it \S+ bash`/);
  assert.equal(after, ['debug hold ended by SIGTERM', 'released 0 mount(s); none left']);
});

test.run();
