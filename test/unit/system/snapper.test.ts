// snapper's snapshot numbers and the snapshot marker files.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSnapshotNumber, readSnapshotMarker } from '../../../entrypoint/system/snapper.js';

test('snapper --print-number output becomes a number; anything else is an error naming what was printed', () => {
  assert.is(parseSnapshotNumber('42\n'), 42);
  assert.throws(() => parseSnapshotNumber('Failed to set locale.\n'), /printed "Failed to set locale\." instead of a snapshot number/);
  assert.throws(() => parseSnapshotNumber(''), /instead of a snapshot number/);
});

test('a marker file: missing is undefined, digits are the number, anything else fails (SPEC 5.11)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-snapper-'));
  const file = path.join(dir, 'marker');
  assert.is(await readSnapshotMarker(file), undefined);
  await writeFile(file, '17\n');
  assert.is(await readSnapshotMarker(file), 17);
  await writeFile(file, '17; reboot\n');
  try {
    await readSnapshotMarker(file);
    assert.unreachable('a marker that is not digits must fail');
  } catch (err) {
    assert.match((err as Error).message, /holds "17; reboot", not a snapshot number/);
  }
});

test.run();
