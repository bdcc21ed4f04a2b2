// NetworkManager's mount namespace: /sys read-only in it (so that NetworkManager does not wait for udev), writable outside, gone after release.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../entrypoint/errors.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { readOnlySysNamespace } from '../../../entrypoint/system/network-manager.js';

const exec = () => new Exec(createLogger({ consoleFd: null }).log);
const run = (argv: string[]) => execa(argv[0]!, argv.slice(1), { reject: false });
/** The mount options of /sys as `argv` sees it. */
const sysOptions = async (argv: string[]) => (await run([...argv, 'findmnt', '-no', 'OPTIONS', '/sys'])).stdout;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a command run in the namespace sees /sys read-only; this mount namespace keeps it writable; release ends the namespace', async () => {
  const ns = await readOnlySysNamespace(exec());
  const argv = ns.argv(['NetworkManager', '--no-daemon']);
  assert.equal([argv[0], argv[1], ...argv.slice(3)], ['nsenter', '--target', '--mount', '--', 'NetworkManager', '--no-daemon']);
  const holder = Number(argv[2]);
  try {
    const own = await execa('readlink', ['/proc/self/ns/mnt']);
    assert.is.not((await execa('readlink', [`/proc/${holder}/ns/mnt`])).stdout, own.stdout, 'a mount namespace of its own');
    assert.match(await sysOptions(ns.argv([])), /^ro,/);
    // What NetworkManager's path_is_read_only_fs("/sys") sees there: a read-only file system.
    assert.match((await run(ns.argv(['touch', '/sys/dms-nm-test']))).stderr, /Read-only file system/);
    assert.match(await sysOptions([]), /^rw,/, "the caller's /sys stays writable");
  } finally {
    await ns.release();
  }
  assert.not.ok(alive(holder), 'the process holding the namespace has ended');
});

test('an unshare that cannot make the namespace (an unprivileged container): a step error that says what the container needs', async () => {
  const bin = await mkdtemp(path.join(tmpdir(), 'dms-nm-ns-'));
  const saved = process.env.PATH;
  try {
    await writeFile(path.join(bin, 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n');
    await chmod(path.join(bin, 'unshare'), 0o755);
    process.env.PATH = `${bin}:${saved}`;
    const err = await readOnlySysNamespace(exec()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(err, StepError);
    assert.is((err as StepError).message, 'unshare --mount ended with exit code 1: no mount namespace for NetworkManager');
    assert.match(String((err as StepError).hint), /must be privileged/);
  } finally {
    process.env.PATH = saved;
    await rm(bin, { recursive: true, force: true });
  }
});

test('an image without unshare: a step error that names the program, not a privilege problem', async () => {
  const empty = await mkdtemp(path.join(tmpdir(), 'dms-nm-nobin-'));
  const saved = process.env.PATH;
  try {
    process.env.PATH = empty;
    const err = await readOnlySysNamespace(exec()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(err, StepError);
    assert.is((err as StepError).message, 'unshare (util-linux) is not in the migration image: no mount namespace for NetworkManager');
    assert.not.match(String((err as StepError).hint), /privileged/);
  } finally {
    process.env.PATH = saved;
    await rm(empty, { recursive: true, force: true });
  }
});

test.run();
