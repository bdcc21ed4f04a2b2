// Result files on the host: the exit-code file and the /etc/issue pointer with its kept original.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

test.run();
