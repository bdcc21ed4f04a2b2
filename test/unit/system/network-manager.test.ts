// NetworkManager's mount namespace: /sys read-only in it (so that NetworkManager does not wait for udev), writable outside, released after.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError } from '../../../entrypoint/errors.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { NM_MOUNT_NAMESPACE, readOnlySysNamespace } from '../../../entrypoint/system/network-manager.js';

const exec = () => new Exec(createLogger({ consoleFd: null }).log);
const run = (argv: string[]) => execa(argv[0]!, argv.slice(1), { reject: false });
/** The mount options of /sys as `argv` sees it. */
const sysOptions = async (argv: string[]) => (await run([...argv, 'findmnt', '-no', 'OPTIONS', '/sys'])).stdout;
const isMountPoint = async (file: string) => (await execa('findmnt', ['-n', file], { reject: false })).exitCode === 0;

test('the namespace is kept under /run/dms while NetworkManager runs', () => {
  assert.is(NM_MOUNT_NAMESPACE, '/run/dms/network-manager.mnt');
});

test('a command run in the namespace sees /sys read-only; this mount namespace keeps it writable; release removes the namespace', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-nm-ns-'));
  try {
    const file = path.join(dir, 'run/network-manager.mnt');
    const ns = await readOnlySysNamespace(exec(), file);
    assert.equal(ns.argv(['NetworkManager', '--no-daemon']), ['nsenter', `--mount=${file}`, '--', 'NetworkManager', '--no-daemon']);
    assert.ok(await isMountPoint(file), 'the namespace is bound onto the file');
    assert.match(await sysOptions(ns.argv([])), /^ro,/);
    // What NetworkManager's path_is_read_only_fs("/sys") sees there: a read-only file system.
    assert.match((await run(ns.argv(['touch', '/sys/dms-nm-test']))).stderr, /Read-only file system/);
    assert.match(await sysOptions([]), /^rw,/, "the caller's /sys stays writable");
    await ns.release();
    assert.not.ok(await isMountPoint(file), 'released');
    assert.not.ok(existsSync(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a namespace file on a shared mount: unshare refuses, the error names the fix, nothing is left behind', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-nm-ns-'));
  const shared = path.join(dir, 'shared');
  await mkdir(shared);
  await execa('mount', ['-t', 'tmpfs', 'tmpfs', shared]);
  try {
    await execa('mount', ['--make-shared', shared]);
    const file = path.join(shared, 'network-manager.mnt');
    const err = await readOnlySysNamespace(exec(), file).then(
      () => undefined,
      (e: unknown) => e as CommandError,
    );
    assert.instance(err, CommandError);
    assert.match(err!.message, /^unshare --mount=\S+ --propagation private true failed \(exit code 1\)$/);
    assert.match(err!.stderrTail, /Invalid argument/);
    assert.match(String(err!.hint), /must not be a shared mount/);
    assert.not.ok(existsSync(file), 'the file is removed');
  } finally {
    await execa('umount', [shared]);
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
