import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backupStamp, wickedNm } from '../../../entrypoint/steps/wicked-nm.js';
import { stepContext } from '../../helpers/step-context.js';

const WANTS = 'etc/systemd/system/network-online.target.wants';

test('the wicked backup directory is named YYYY-MM-DD-HH:MM', () => {
  assert.is(backupStamp(new Date(2026, 0, 2, 3, 4)), '2026-01-02-03:04');
});

test('wicked-nm applies only when wicked.service is enabled (a symlink in network-online.target.wants)', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-wicked-'));
  const ctx = stepContext(root);
  assert.match(String(await wickedNm.skipReason!(ctx)), /does not use wicked/);
  await mkdir(path.join(root, WANTS), { recursive: true });
  await writeFile(path.join(root, WANTS, 'wicked.service'), '');
  assert.match(String(await wickedNm.skipReason!(ctx)), /does not use wicked/, 'a regular file is not an enabled unit');

  const other = await mkdtemp(path.join(tmpdir(), 'dms-wicked-'));
  await mkdir(path.join(other, WANTS), { recursive: true });
  // Dangling from here: the link's target is on the host's root, not below this test root.
  await symlink('/usr/lib/systemd/system/wicked.service', path.join(other, WANTS, 'wicked.service'));
  assert.is(await wickedNm.skipReason!(stepContext(other)), undefined);
});

test.run();
