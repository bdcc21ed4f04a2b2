// Mounts: a bind over a directory that is already a mount point (a host root bound recursively has /dev, /proc, /sys) is released cleanly.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { mountPointsFrom } from '../../../entrypoint/system/mount-ledger.js';
import { Mounts } from '../../../entrypoint/system/mounts.js';

const mountsAt = async (target: string) =>
  mountPointsFrom(await readFile('/proc/self/mountinfo', 'utf8')).filter((p) => p === target).length;

test("releaseAll: a bind over the host's own mount at the target is released, the host's mount stays and is not reported as left", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-mounts-'));
  const target = path.join(dir, 'root/proc');
  await mkdir(target, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', 'host-proc', target]); // the host's mount, there before the run
  try {
    const log = createLogger({ consoleFd: null }).log;
    const exec = new Exec(log);
    const mounts = new Mounts(path.join(dir, 'ledger'), exec, log);
    await mounts.bind('/proc', target);
    assert.is(await mountsAt(target), 2);
    assert.equal(await mounts.releaseAll(), []);
    assert.is(await mountsAt(target), 1, "the host's own mount is still there");
    assert.equal(mounts.list(), []);
  } finally {
    await execa('umount', ['--lazy', target]);
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
