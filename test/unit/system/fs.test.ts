// Reading host text files: a FIFO or a device is refused before a byte is read, a file beyond the cap is refused.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readOptional, readTextFile, UnreadableFileError } from '../../../entrypoint/system/fs.js';

async function refusal(file: string, maxBytes?: number): Promise<string> {
  try {
    await readTextFile(file, maxBytes);
  } catch (err) {
    assert.instance(err, UnreadableFileError);
    return (err as Error).message;
  }
  throw new Error(`${file} was read`);
}

test('a FIFO without a writer is refused at once (opening it does not wait), naming the file and what it is', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-fs-'));
  const fifo = path.join(dir, 'config.yml');
  await execa('mkfifo', [fifo]);
  assert.is(await refusal(fifo), `${fifo} is a FIFO, not a file`);
  await rm(dir, { recursive: true });
});

test('/dev/zero (endless) and a directory are refused; a missing file is undefined for readOptional', async () => {
  assert.is(await refusal('/dev/zero'), '/dev/zero is a device, not a file');
  assert.is(await refusal('/tmp'), '/tmp is a directory, not a file');
  assert.is(await readOptional('/nonexistent/dms-test/file'), undefined);
});

test('a file larger than the cap is refused before it is read; one at the cap is read whole', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-fs-'));
  const big = path.join(dir, 'big.yml');
  await writeFile(big, '');
  await truncate(big, 50 * 1024 * 1024);
  assert.is(await refusal(big, 1024 * 1024), `${big} is 52428800 bytes, more than the 1048576 it may have`);
  const fits = path.join(dir, 'fits.yml');
  await writeFile(fits, 'a'.repeat(1024));
  assert.is((await readTextFile(fits, 1024)).length, 1024);
  await rm(dir, { recursive: true });
});

test.run();
