// Programs for the host: chroot's command line and finding programs on PATH.
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chrootArgv, findProgram } from '../../../entrypoint/system/host-programs.js';

test('chroot runs a program of the host on its root', () => {
  assert.equal(chrootArgv('/system-root', ['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg']), [
    'chroot',
    '/system-root',
    'grub2-mkconfig',
    '-o',
    '/boot/grub2/grub.cfg',
  ]);
});

test('findProgram finds executables on PATH only', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-path-'));
  await writeFile(path.join(dir, 'wicked2nm'), '#!/bin/sh\n');
  await chmod(path.join(dir, 'wicked2nm'), 0o755);
  await writeFile(path.join(dir, 'not-executable'), '');
  assert.is(await findProgram('wicked2nm', `/nonexistent:${dir}`), path.join(dir, 'wicked2nm'));
  assert.is(await findProgram('not-executable', dir), undefined);
  assert.is(await findProgram('nm-online', dir), undefined);
});

test.run();
