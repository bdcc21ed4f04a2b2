// Host shim: options, refusals and the pull policy, run for real; the podman pass-through wrapper records that nothing started.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { treeHash } from '../helpers/host-root.js';
import { cleanup, IMAGE, REPO, runShim, SHIM, shimEnv } from '../helpers/shim.js';

const test = suite<{ root: string }>('host shim: options and refusals', { root: '' });

test.before(async (ctx) => {
  // The checks below end before anything reads more than etc/ of the root.
  ctx.root = await mkdtemp(path.join(os.tmpdir(), 'dms-shim-root-'));
  await mkdir(path.join(ctx.root, 'etc'), { recursive: true });
  await writeFile(path.join(ctx.root, 'etc/os-release'), 'PRETTY_NAME="SUSE Linux Enterprise Server 12 SP5"\n');
});

test.after(async (ctx) => {
  await rm(ctx.root, { recursive: true, force: true });
});

test('--help lists every option and exits 0; --version prints the package version', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const help = await runShim(run, ['--help']);
  assert.is(help.exitCode, 0);
  for (const option of [
    '--product',
    '--use-zypper-dup',
    '--verbose',
    '--debug-solver',
    '--migration-system',
    '--pull',
    '--keep-image',
    '--reboot',
    '--yes',
    '-n, --non-interactive',
    '--debug',
    '--check',
    '--dry-run',
    '--fix',
    '--show-config',
    '--stage',
    '--restart',
    '--rollback',
    '--support-bundle',
    '--help',
    '--version',
  ]) {
    assert.match(help.stdout, option, `--help mentions ${option}`);
  }
  const version = await runShim(run, ['--version']);
  const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.is(version.stdout, `migrate ${pkg.version}`);
  assert.equal(await run.calls(), [], 'no podman call for --help and --version');
  await cleanup(run);
});

const BAD: [string[], RegExp][] = [
  [['--bogus'], /unrecognized option '--bogus'/],
  [['--pull=sometimes'], /--pull must be always, missing or never/],
  [['--pull'], /requires an argument/],
  [['--product', 'SLES;rm -rf /'], /is not NAME\/VERSION\/ARCH/],
  [['--product', '../../etc/x86_64'], /is not NAME\/VERSION\/ARCH/],
  [['--migration-system', '$(reboot)'], /is not an image reference/],
  [['--check', '--stage'], /--check and --stage cannot be combined/],
  [['--support-bundle', '--use-zypper-dup'], /--support-bundle takes none of the migration options/],
  [['--rollback', '--product', 'SLES/15.7/x86_64'], /--rollback takes none of the migration options/],
  [['--check', '--reboot'], /--reboot only applies to a migration/],
  [['--fix', '--rollback'], /--fix applies to --check, not to --rollback/],
  [['--dry-run', '--stage'], /--check and --stage cannot be combined/],
  [['positional'], /unexpected argument: positional/],
];

test('bad options and values: one usage error, exit 2, no podman call, the root unchanged', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const before = await treeHash(ctx.root);
  for (const [args, message] of BAD) {
    const result = await runShim(run, ['--yes', ...args]);
    assert.is(result.exitCode, 2, `${args.join(' ')}: ${result.all}`);
    assert.match(result.stderr, message, args.join(' '));
    assert.match(result.stderr, /Run 'migrate --help' for usage\./);
  }
  const countdown = await runShim({ ...run, env: { ...run.env, DMS_REBOOT_COUNTDOWN: 'soon' } }, ['--yes']);
  assert.is(countdown.exitCode, 2);
  assert.match(countdown.stderr, /DMS_REBOOT_COUNTDOWN must be a number of seconds/);
  const noRoot = await runShim({ ...run, env: { ...run.env, DMS_SYSTEM_ROOT: path.join(run.dir, 'missing') } }, ['--yes']);
  assert.is(noRoot.exitCode, 2);
  assert.match(noRoot.stderr, /missing does not look like a system root \(no etc\/\)/);
  assert.equal(await run.calls(), [], 'podman was never called');
  assert.is(await treeHash(ctx.root), before);
  await cleanup(run);
});

test('not root: refused with exit 2 before podman is called (run as the user nobody with setpriv)', async (ctx) => {
  const run = await shimEnv(ctx.root);
  // A copy that nobody can read and run (the worktree may be closed to nobody).
  const shim = path.join(run.dir, 'migrate');
  await copyFile(SHIM, shim);
  await execa('chmod', ['0755', run.dir, shim]);
  const result = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', shim, '--yes', '--use-zypper-dup'], {
    reject: false,
    env: run.env,
    stdin: 'ignore',
  });
  assert.is(result.exitCode, 2, result.stderr);
  assert.match(result.stderr, /must be run as root/);
  assert.equal(await run.calls(), []);
  await cleanup(run);
});

test('podman missing from PATH: refused with exit 2 and says how to install it', async (ctx) => {
  const run = await shimEnv(ctx.root);
  // Every program of /usr/bin and /usr/sbin except podman.
  const bin = path.join(run.dir, 'bin');
  await mkdir(bin);
  for (const dir of ['/usr/bin', '/usr/sbin']) {
    for (const name of await readdir(dir)) {
      if (name === 'podman') continue;
      await symlink(path.join(dir, name), path.join(bin, name)).catch(() => undefined);
    }
  }
  const result = await execa(SHIM, ['--yes'], { reject: false, env: { ...run.env, PATH: bin }, extendEnv: false, stdin: 'ignore' });
  assert.is(result.exitCode, 2, result.stderr);
  assert.match(result.stderr, /podman is not installed; install it with: zypper install podman/);
  await cleanup(run);
});

test('another migration holds the lock: refused with exit 3 and nothing started', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const lock = path.join(ctx.root, 'var/lib/dms/migration.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  // --no-fork: the lock holder is the process we kill, not a child that would outlive it.
  const holder = spawn('flock', ['--no-fork', lock, 'sh', '-c', 'echo locked; exec sleep 300'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  try {
    const result = await runShim(run, ['--yes', '--use-zypper-dup']);
    assert.is(result.exitCode, 3, result.all);
    assert.match(result.stderr, /another migration is running on this host \(it holds \/var\/lib\/dms\/migration\.lock\)/);
    assert.equal(await run.calls(), [], 'podman was never called');
  } finally {
    holder.kill('SIGTERM');
  }
  // Once the holder is gone the same check passes (the run then stops at the missing image).
  await new Promise((resolve) => holder.once('exit', resolve));
  const after = await runShim(run, ['--yes', '--pull=never', '--migration-system', 'localhost/dms-shim-absent:none']);
  assert.is(after.exitCode, 125, after.all);
  await cleanup(run);
});

test('--pull=never with an image missing locally: exit 125, no pull, no container', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const result = await runShim(run, ['--yes', '--pull=never', '--migration-system', 'localhost/dms-shim-absent:none']);
  assert.is(result.exitCode, 125, result.all);
  assert.match(result.stderr, /localhost\/dms-shim-absent:none is not in local storage and --pull=never forbids pulling it/);
  const calls = await run.calls();
  assert.equal(calls, ['podman image exists localhost/dms-shim-absent:none']);
  await cleanup(run);
});

test('--pull=always pulls even a present image (no registry here: the pull fails, exit 125, no container)', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const result = await runShim(run, ['--yes', '--pull', 'always', '--migration-system', IMAGE]);
  assert.is(result.exitCode, 125, result.all);
  assert.match(result.stderr, new RegExp(`could not pull ${IMAGE}`));
  const calls = await run.calls();
  assert.equal(calls, [`podman pull ${IMAGE}`]);
  await cleanup(run);
});

test('--pull=missing (the default) pulls an image missing locally (fails here, exit 125, no container)', async (ctx) => {
  const run = await shimEnv(ctx.root);
  const result = await runShim(run, ['--yes', '--migration-system', 'localhost/dms-shim-absent:none']);
  assert.is(result.exitCode, 125, result.all);
  assert.equal(await run.calls(), ['podman image exists localhost/dms-shim-absent:none', 'podman pull localhost/dms-shim-absent:none']);
  await cleanup(run);
});

test.run();
