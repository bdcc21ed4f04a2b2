// Result files on the host: the exit-code file and the /etc/issue pointer with its kept original.
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clearIssuePointer, ISSUE_POINTER, readExitCode, setIssuePointer, writeExitCode } from '../../../entrypoint/run/result-files.js';

async function root(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-result-'));
  await mkdir(path.join(dir, 'etc'));
  await writeFile(path.join(dir, 'etc/issue'), 'Welcome to SLES 12 SP5\n');
  return dir;
}

test('the exit-code file holds the code and a newline', async () => {
  const dir = await root();
  await writeExitCode(dir, 1);
  assert.is(await readFile(path.join(dir, 'var/log/distro_migration.exitcode'), 'utf8'), '1\n');
  await writeExitCode(dir, 0);
  assert.is(await readFile(path.join(dir, 'var/log/distro_migration.exitcode'), 'utf8'), '0\n');
});

/** The error code a promise rejects with (undefined when it resolves). */
async function failsWith(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: NodeJS.ErrnoException) => err.code ?? err.message,
  );
}

test('a full /var/log (tmpfs): the 1 written before the first change becomes 0 in place; without an earlier file the write fails', async () => {
  const dir = await root();
  const logDir = path.join(dir, 'var/log');
  await mkdir(logDir, { recursive: true });
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'dms-test-full-log', logDir]);
  try {
    await writeExitCode(dir, 1);
    // Fill the file system to the last block.
    await execa('dd', ['if=/dev/zero', `of=${path.join(logDir, 'filler')}`, 'bs=4k'], { reject: false });
    assert.is(await failsWith(writeFile(path.join(logDir, 'probe'), 'x')), 'ENOSPC');
    await rm(path.join(logDir, 'probe'), { force: true });
    await writeExitCode(dir, 0);
    assert.is(await readFile(path.join(logDir, 'distro_migration.exitcode'), 'utf8'), '0\n');
    assert.equal((await readdir(logDir)).sort(), ['distro_migration.exitcode', 'filler'], 'no temp file left behind');
    await rm(path.join(logDir, 'distro_migration.exitcode'));
    await execa('dd', ['if=/dev/zero', `of=${path.join(logDir, 'filler2')}`, 'bs=4k'], { reject: false });
    assert.is(await failsWith(writeExitCode(dir, 0)), 'ENOSPC');
    assert.equal((await readdir(logDir)).sort(), ['filler', 'filler2']);
  } finally {
    await execa('umount', [logDir]);
  }
});

test('a failure points /etc/issue at the log and keeps the original, also over two failures', async () => {
  const dir = await root();
  await setIssuePointer(dir);
  await setIssuePointer(dir);
  assert.is(await readFile(path.join(dir, 'etc/issue'), 'utf8'), ISSUE_POINTER);
  assert.is(await readFile(path.join(dir, 'var/lib/dms/issue.before-migration'), 'utf8'), 'Welcome to SLES 12 SP5\n');
  assert.ok(await clearIssuePointer(dir));
  assert.is(await readFile(path.join(dir, 'etc/issue'), 'utf8'), 'Welcome to SLES 12 SP5\n');
  assert.not.ok(await clearIssuePointer(dir), 'nothing to restore the second time');
});

test('an /etc/issue changed by the user after the failure is left alone', async () => {
  const dir = await root();
  await setIssuePointer(dir);
  await writeFile(path.join(dir, 'etc/issue'), 'custom banner\n');
  assert.not.ok(await clearIssuePointer(dir));
  assert.is(await readFile(path.join(dir, 'etc/issue'), 'utf8'), 'custom banner\n');
});

test('the exit code read back: 0 only for a file saying 0; missing or garbage reads as 1', async () => {
  const dir = await root();
  assert.is(await readExitCode(dir), 1, 'no file');
  await writeExitCode(dir, 0);
  assert.is(await readExitCode(dir), 0);
  await writeFile(path.join(dir, 'var/log/distro_migration.exitcode'), 'zero\n');
  assert.is(await readExitCode(dir), 1);
});

test('/etc/issue linked to /run/issue (issue-generator, SLES 15 and 16): the pointer lands there; the link stays a link', async () => {
  for (const link of ['/run/issue', '../run/issue']) {
    const dir = await mkdtemp(path.join(tmpdir(), 'dms-issue-link-'));
    await mkdir(path.join(dir, 'etc'), { recursive: true });
    await mkdir(path.join(dir, 'run'), { recursive: true });
    await writeFile(path.join(dir, 'run/issue'), 'Welcome to SUSE Linux Enterprise Server 15 SP7\n');
    await symlink(link, path.join(dir, 'etc/issue'));
    assert.ok(await setIssuePointer(dir), link);
    assert.is(await readFile(path.join(dir, 'run/issue'), 'utf8'), ISSUE_POINTER, 'in the host, not in the container');
    assert.is(await readlink(path.join(dir, 'etc/issue')), link);
    assert.ok(await clearIssuePointer(dir));
    assert.is(await readFile(path.join(dir, 'run/issue'), 'utf8'), 'Welcome to SUSE Linux Enterprise Server 15 SP7\n');
  }
});

test('/etc/issue linked to a file that is no banner (/etc/shadow) is never written through', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-issue-shadow-'));
  await mkdir(path.join(dir, 'etc'), { recursive: true });
  await writeFile(path.join(dir, 'etc/shadow'), 'root:$6$secret:19000::::::\n');
  await symlink('shadow', path.join(dir, 'etc/issue'));
  assert.is(await setIssuePointer(dir), false);
  assert.is(await readFile(path.join(dir, 'etc/shadow'), 'utf8'), 'root:$6$secret:19000::::::\n');
  assert.is(await clearIssuePointer(dir), false);
});

test('the result files are replaced by renaming: no reader ever sees an empty or half file, and their mode stays', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-issue-atomic-'));
  await mkdir(path.join(dir, 'etc'), { recursive: true });
  await writeFile(path.join(dir, 'etc/issue'), 'Welcome\n', { mode: 0o644 });
  const inode = (await stat(path.join(dir, 'etc/issue'))).ino;
  await setIssuePointer(dir);
  assert.is.not((await stat(path.join(dir, 'etc/issue'))).ino, inode, 'a new file was renamed over the old one');
  assert.is((await stat(path.join(dir, 'etc/issue'))).mode & 0o777, 0o644);
  assert.equal((await readdir(path.join(dir, 'etc'))).sort(), ['issue'], 'no temp file left');
});

test.run();
