// The CLI in-process: help and version, usage errors in one line (exit 2), config output, refusals before anything is written.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { capture, cliPaths } from '../helpers/cli.js';

const paths = cliPaths;

test('--help and --version exit 0; no arguments prints help and exits 2', async () => {
  const p = await paths();
  assert.is((await capture(['--help'], p)).code, 0);
  assert.match((await capture(['--version'], p)).out, /^\d+\.\d+\.\d+|dev/);
  const none = await capture([], p);
  assert.is(none.code, 2);
  assert.match(none.out + none.err, /Usage: dms/);
});

test('unknown options and bad products are usage errors (exit 2)', async () => {
  const p = await paths();
  assert.is((await capture(['run', '--bogus'], p)).code, 2);
  const bad = await capture(['run', '--product', '../../etc/passwd'], p);
  assert.is(bad.code, 2);
  assert.match(bad.err, /is not NAME\/VERSION\/ARCH/);
});

test('a near miss gets "did you mean" on a line of its own (a real newline, not an escaped \\u000a)', async () => {
  const p = await paths();
  const option = await capture(['run', '--restrat'], p);
  assert.is(option.code, 2);
  assert.is(option.err, "dms: unknown option '--restrat' (run with --help for usage)\n(Did you mean --restart?)\n");
  const command = await capture(['chek'], p);
  assert.is(command.err, "dms: unknown command 'chek' (run with --help for usage)\n(Did you mean check?)\n");
  // The value a user typed is still echoed escaped: a control character cannot start a line of its own.
  const sneaky = await capture(['run', '--x\nfake: line'], p);
  assert.is(sneaky.err.trimEnd().split('\n').length, 1, sneaky.err);
});

test('--help of the program and of every command fits 80 columns', async () => {
  const p = await paths();
  for (const argv of [['--help'], ...['run', 'check', 'stage', 'ends', 'config', 'rollback', 'support-bundle'].map((c) => [c, '--help'])]) {
    const r = await capture(argv, p);
    assert.is(r.code, 0, argv.join(' '));
    const long = r.out.split('\n').filter((l) => l.length > 80);
    assert.equal(long, [], `${argv.join(' ')}: lines over 80 columns`);
  }
});

test('config prints the merged configuration with the command line on top, and the sources', async () => {
  const p = await paths();
  await writeFile(path.join(p.systemRoot, 'etc/sle-migration-service.yml'), 'verbose_migration: true\n');
  const r = await capture(['config', '--use-zypper-dup'], p);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /use_zypper_migration: false/);
  assert.match(r.out, /verbose_migration: true/);
  assert.match(r.out, /# sources: .*sle-migration-service\.yml, command line/);
});

test('run without a mounted host root is refused in one line, exit 2', async () => {
  const p = await paths();
  const r = await capture(['run'], { ...p, systemRoot: path.join(p.systemRoot, 'missing') });
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: no host system at .*missing \(not mounted\): run the image with -v \/:.*\n$/);
});

test('stage in migration-plugin mode is refused in one line, exit 2, before the lock or the logs are written', async () => {
  const p = await paths();
  const r = await capture(['stage'], p);
  assert.is(r.code, 2);
  assert.match(r.err, /^dms: staging works in dup mode only \(--use-zypper-dup or use_zypper_migration: false\): .*\n$/);
  assert.equal(await readdir(p.systemRoot), ['etc'], 'nothing was created on the host');
});

test('a /var/log that cannot take the log is refused in one line (exit 2), the lock is freed, a second run is not told "busy"', async () => {
  const p = await paths();
  // /var is a directory (for the lock under /var/lib/dms), /var/log a file: the log cannot be opened.
  await rm(path.join(p.systemRoot, 'var'), { force: true, recursive: true });
  await mkdir(path.join(p.systemRoot, 'var/lib'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'var/log'), 'a file where the log directory should be\n');
  for (const attempt of [1, 2]) {
    const r = await capture(['run', '--use-zypper-dup'], p);
    assert.is(r.code, 2, `attempt ${attempt}: ${r.err}`);
    assert.match(
      r.err,
      /^dms: cannot write the log in the host's \/var\/log \(EEXIST: \/var\/log\): make \/var\/log a writable directory on the host; nothing was changed\n$/,
    );
  }
});

test('an internal error (a bug) is one line on stderr, exit 4, with its stack in the host log; the lock is freed', async () => {
  const p = await paths();
  await mkdir(path.join(p.systemRoot, 'var/log'), { recursive: true });
  // A lock file present: check takes the lock (if-present), so the error path must free it.
  await mkdir(path.join(p.systemRoot, 'var/lib/dms'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'var/lib/dms/migration.lock'), '');
  // The container's mount ledger as a directory: reading it fails in a way no command turns into a message.
  await mkdir(p.ledger);
  const r = await capture(['check', '--use-zypper-dup'], p);
  assert.is(r.code, 4, r.err);
  assert.match(
    r.err,
    /^dms: internal error: EISDIR[^\n]*; the stack is in \/var\/log\/distro_migration\.log; please report it with the output of `support-bundle`\n$/,
  );
  assert.match(
    await readFile(path.join(p.systemRoot, 'var/log/distro_migration.log'), 'utf8'),
    /ERROR internal error: Error: EISDIR[\s\S]*\n {4}at /,
  );
  const free = await execa('flock', ['--nonblock', path.join(p.systemRoot, 'var/lib/dms/migration.lock'), 'true'], { reject: false });
  assert.is(free.exitCode, 0, 'the lock is free again');
});

test.run();
