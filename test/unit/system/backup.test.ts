import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keepOriginal } from '../../../entrypoint/system/backup.js';

test('the first original is kept under /var/lib/dms/backup/<path>; a later call does not overwrite it', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-backup-'));
  await mkdir(path.join(root, 'etc/default'), { recursive: true });
  await writeFile(path.join(root, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX="security=apparmor"\n');
  assert.is(await keepOriginal(root, '/etc/default/grub'), '/var/lib/dms/backup/etc/default/grub');
  await writeFile(path.join(root, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX="security=selinux"\n');
  await keepOriginal(root, '/etc/default/grub');
  assert.is(await readFile(path.join(root, 'var/lib/dms/backup/etc/default/grub'), 'utf8'), 'GRUB_CMDLINE_LINUX="security=apparmor"\n');
});

test('a missing file has no backup; ../ segments cannot leave the root', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-backup-'));
  assert.is(await keepOriginal(root, '/etc/nothing'), undefined);
  assert.is(await keepOriginal(root, '../../etc/passwd'), undefined, 'resolved inside the root, where it does not exist');
});

test.run();
