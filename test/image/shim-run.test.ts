// Host shim: real migrations of synthetic roots through scripts/migrate and podman; dracut, systemctl, wicked and udevadm are stand-ins.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory } from '../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { gatedServer } from '../helpers/gated-server.js';
import { exists, mountsUnder, readText, treeHash } from '../helpers/host-root.js';
import { exitStatusIn, scriptArgs } from '../helpers/terminal.js';
import {
  cleanup,
  containerExists,
  disposableImage,
  IMAGE,
  imageExists,
  runShim,
  SHIM,
  shimEnv,
  startedContainers,
} from '../helpers/shim.js';

interface Ctx {
  repoUrl: string;
  close: () => Promise<void>;
  roots: string[];
  bystander: string;
}
const test = suite<Ctx>('host shim: migrations', { repoUrl: '', close: async () => {}, roots: [], bystander: '' });
const UNREACHABLE = 'http://127.0.0.1:9/unreachable/';

test.before(async (ctx) => {
  const repos = await ensureRepos();
  const server = await serveDirectory(repos.sles15);
  ctx.repoUrl = server.url;
  ctx.close = server.close;
  // Somebody else's container: the shim must never remove it.
  ctx.bystander = `dms-shim-bystander-${process.pid}`;
  await execa('podman', ['create', '--name', ctx.bystander, IMAGE, '--version']);
});

test.after(async (ctx) => {
  await ctx.close();
  await execa('podman', ['rm', '--force', ctx.bystander], { reject: false });
  for (const root of ctx.roots) await removeSystemRoot(root);
});

async function freshRoot(ctx: Ctx, repoUrl = ctx.repoUrl): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: repoUrl });
  ctx.roots.push(root);
  return root;
}

/** The kernel versions installed in a root (/boot/vmlinuz-<version>). */
async function kernels(root: string): Promise<string[]> {
  return (await readdir(path.join(root, 'boot'))).filter((f) => f.startsWith('vmlinuz-')).map((f) => f.slice('vmlinuz-'.length));
}

/** uname -r of the kernel-default package in the target repository. */
async function targetKernel(): Promise<string> {
  const { stdout } = await execa('find', [(await ensureRepos()).sles15, '-name', 'kernel-default-*.rpm']);
  const provides = (await execa('rpm', ['-qp', '--provides', stdout.split('\n')[0]!])).stdout;
  const kver = /kernel-uname-r\(([^)]+)\)/.exec(provides)?.[1];
  assert.ok(kver, provides);
  return kver;
}

function podmanRun(calls: string[]): string {
  const runs = calls.filter((c) => c.startsWith('podman run --detach'));
  assert.is(runs.length, 1, calls.join('\n'));
  return runs[0]!;
}

/** The exit code the container returned, as `podman wait` printed it to the shim. */
function waited(calls: string[]): number {
  const line = calls.filter((c) => c.startsWith('podman-wait-printed ')).at(-1);
  assert.ok(line, calls.join('\n'));
  return Number(line.split(' ')[1]);
}

test("success: fixed podman flags, the new kernel's initrd (dracut stand-in), only its own container and image removed, host config untouched", async (ctx) => {
  const root = await freshRoot(ctx);
  const image = await disposableImage();
  const oldKernels = await kernels(root);
  const run = await shimEnv(root);
  const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--yes']);
  assert.is(result.exitCode, 0, result.all);
  const calls = await run.calls();

  const [name] = startedContainers(result.stdout);
  assert.ok(name?.startsWith('dms-migration-'), result.stdout);
  assert.is(
    podmanRun(calls),
    `podman run --detach --name ${name} --pull never --privileged --net host --volume ${root}:/system-root --volume ${root}/var/log:/var/log ${image} run --use-zypper-dup`,
  );
  assert.not.ok(
    calls.some((c) => c.startsWith('podman pull')),
    'present image, --pull=missing: no pull',
  );
  assert.ok(
    calls.some((c) => c.startsWith('podman logs -f ')),
    'followed the container by id',
  );
  assert.match(
    result.stdout,
    /Migration succeeded: the host now has SUSE Linux Enterprise Server 15 SP7\. Log: .*\/var\/log\/distro_migration\.log/,
  );
  assert.match(result.all, /\[upgrade\] Calling: zypper/, "the container's lines are streamed");
  assert.not.match(result.stdout, /\r/, 'plain lines when stdout is not a terminal');

  // The initrd of the kernel the migrated system boots, not of the running (old) one.
  const newKernels = (await kernels(root)).filter((k) => !oldKernels.includes(k));
  assert.is(newKernels.length, 1, `kernels after: ${await kernels(root)}`);
  const kver = newKernels[0]!;
  assert.equal(
    calls.filter((c) => c.startsWith('dracut')),
    [`dracut --force --sysroot ${root} ${root}/boot/initrd-${kver} ${kver}`],
  );
  assert.ok(await exists(root, `/boot/initrd-${kver}`));
  assert.match(result.stdout, /Reboot the host to start the migrated system\./);
  assert.not.ok(
    calls.some((c) => c.startsWith('systemctl')),
    'no reboot without --reboot',
  );

  assert.not.ok(await containerExists(name!), 'its container is removed');
  assert.not.ok(await imageExists(image), 'its image is removed');
  assert.ok(await imageExists(IMAGE), 'the image it was tagged from stays');
  assert.ok(await containerExists(ctx.bystander), 'another container stays');
  assert.not.ok(
    calls.some((c) => /podman (system prune|image prune|rmi? -a|image rm -a)/.test(c)),
    'storage is never pruned',
  );
  assert.not.ok(await exists(root, '/etc/sle-migration-service.yml'), 'the host config is not written');
  assert.equal(await mountsUnder(root), []);
  await cleanup(run);
});

test('failure: prints the failing step and the log path, exits 1; no initrd, no reboot, image kept, container removed', async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  const image = await disposableImage();
  const run = await shimEnv(root);
  const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--yes', '--reboot']);
  assert.is(result.exitCode, 1, result.all);
  assert.match(result.stderr, /^migrate: failed at step upgrade: Migration failed with: zypper dup exit code 106/m);
  assert.match(result.stderr, /^ {2}hint: check that the target repositories/m);
  assert.match(result.stderr, /^ {2}what to do: Fix the cause and run the migration again: it continues where this run stopped\./m);
  assert.match(
    result.stderr,
    new RegExp(`Log: ${root}/var/log/distro_migration\\.log \\(exit code 1\\); report: ${root}/var/log/distro_migration\\.report\\.txt`),
  );
  assert.match(await readText(root, '/var/log/distro_migration.report.txt'), /^FAILED/m);
  const calls = await run.calls();
  assert.is(waited(calls), 1);
  assert.not.ok(
    calls.some((c) => c.startsWith('dracut') || c.startsWith('systemctl')),
    calls.join('\n'),
  );
  const [name] = startedContainers(result.stdout);
  assert.not.ok(await containerExists(name!));
  assert.ok(await imageExists(image), 'the image stays for the re-run');
  await execa('podman', ['image', 'rm', image]);
  await cleanup(run);
});

test('--debug: the run holds its mounts until podman stop; then the exit code is honoured (1), the container is kept, nothing after the run', async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  const run = await shimEnv(root);
  const shim = runShim(run, ['--use-zypper-dup', '--debug', '--migration-system', IMAGE, '--yes']);
  // The hold is announced in the JSON log with the container's name; the shim follows the held run meanwhile.
  let held: { container?: string } | undefined;
  for (let i = 0; i < 600 && !held; i++) {
    const lines = (await readText(root, '/var/log/distro_migration.jsonl').catch(() => '')).split('\n').filter(Boolean);
    held = lines.map((l) => JSON.parse(l) as { event?: string; container?: string }).find((r) => r.event === 'finish.debug');
    if (!held) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(held?.container, 'the run announced its hold, naming its container');
  assert.is(shim.exitCode, null, 'the shim still follows the held run');
  await execa('podman', ['stop', '--time', '30', held!.container!]);
  const result = await shim;
  try {
    assert.is(result.exitCode, 1, result.all);
    assert.match(podmanRun(await run.calls()), / run --use-zypper-dup --debug$/);
    const [name] = startedContainers(result.stdout);
    assert.ok(await containerExists(name!), 'kept for inspection');
    assert.match(result.stdout, new RegExp(`Debug mode: kept the container ${name}`));
    assert.not.ok((await run.calls()).some((c) => c.startsWith('dracut')));
  } finally {
    for (const name of startedContainers(result.stdout)) await execa('podman', ['rm', '--force', name], { reject: false });
  }
  assert.ok(await imageExists(IMAGE));
  await cleanup(run);
});

test('on a terminal (script(1)): step counter and zypper progress bar; --keep-image keeps it; --reboot runs systemctl reboot (stand-in) after the countdown', async (ctx) => {
  const root = await freshRoot(ctx);
  const image = await disposableImage();
  const run = await shimEnv(root, { DMS_REBOOT_COUNTDOWN: '1' });
  const argv = [SHIM, '--use-zypper-dup', '--migration-system', image, '--keep-image', '--reboot', '--yes'];
  const result = await execa('script', scriptArgs(argv), { reject: false, env: run.env, stdin: 'ignore', timeout: 300_000 });
  try {
    assert.is(exitStatusIn(result.stdout), 0, result.stdout);
    const screen = result.stdout;
    assert.match(screen, /\[3\/6\] prepare/);
    assert.match(screen, /\[5\/6\] upgrade: 15 to upgrade, 3 new, 1 to remove/);
    assert.match(screen, /\[5\/6\] upgrade: install 18\/18 \[#{20}\] 100%/);
    assert.match(screen, /\r\x1b\[K/, 'the status line is redrawn in place');
    // One stream: once the status says finish, no line of the upgrade follows.
    const finishAt = screen.indexOf('[6/6] finish');
    assert.ok(finishAt > 0, 'the status reached the last step');
    assert.not.match(screen.slice(finishAt), /\[upgrade\]/, "the status never ran ahead of the upgrade's lines");
    assert.not.match(screen, /\x1edms-status/, 'the status records are not shown as lines');
    assert.match(screen, /Kept the image /);
    assert.ok(await imageExists(image));
    assert.match(screen, /Rebooting \(systemctl reboot\) in 1 s; press Ctrl-C to cancel\./);
    const calls = await run.calls();
    assert.ok(calls.some((c) => c.startsWith('dracut --force')));
    assert.equal(
      calls.filter((c) => c.startsWith('systemctl')),
      ['systemctl reboot'],
    );
    assert.ok(calls.indexOf('systemctl reboot') > calls.findIndex((c) => c.startsWith('dracut')), 'the initrd comes before the reboot');
  } finally {
    await execa('podman', ['image', 'rm', image], { reject: false });
  }
  await cleanup(run);
});

test('--reboot with soft_reboot: true still counts down to systemctl reboot (no kexec in the container form); Ctrl-C (SIGINT) cancels it, exit 0; the initrd is for the /boot/vmlinuz kernel', async (ctx) => {
  const root = await freshRoot(ctx);
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'soft_reboot: true\n');
  // SUSE layout: /boot/vmlinuz names the default kernel; a decoy with a higher version must not win.
  const kver = await targetKernel();
  await symlink(`vmlinuz-${kver}`, path.join(root, 'boot/vmlinuz'));
  await writeFile(path.join(root, 'boot/vmlinuz-99.9.9-decoy-default'), 'decoy\n');
  await mkdir(path.join(root, 'lib/modules/99.9.9-decoy-default'), { recursive: true });
  const image = await disposableImage();
  const run = await shimEnv(root, { DMS_REBOOT_COUNTDOWN: '120' });
  const child = spawn(SHIM, ['--use-zypper-dup', '--migration-system', image, '--reboot', '--yes'], {
    env: { ...process.env, ...run.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/press Ctrl-C to cancel/.test(out) && !child.killed) child.kill('SIGINT');
    });
    child.on('exit', (c) => resolve(c));
  });
  assert.is(code, 0, out);
  assert.match(out, /Rebooting \(systemctl reboot\) in 120 s; press Ctrl-C to cancel\./);
  assert.match(out, /Reboot cancelled\. Reboot the host to start the migrated system\./);
  const calls = await run.calls();
  assert.equal(
    calls.filter((c) => c.startsWith('dracut')),
    [`dracut --force --sysroot ${root} ${root}/boot/initrd-${kver} ${kver}`],
  );
  assert.not.ok(
    calls.some((c) => c.startsWith('systemctl')),
    calls.join('\n'),
  );
  assert.is(await readText(root, '/etc/sle-migration-service.yml'), 'soft_reboot: true\n', 'the host config is read, never rewritten');
  await cleanup(run);
});

test('Ctrl-C on a terminal during the upgrade stops its container cleanly and streams its end: exit 1, interrupted, container removed, no initrd', async (ctx) => {
  // A repository server that serves the metadata (the pre-flight plan and zypper's refresh work) and holds every
  // package download: the upgrade waits in its download.
  const silent = await gatedServer((await ensureRepos()).sles15, 'hold');
  const root = await freshRoot(ctx, silent.url);
  const run = await shimEnv(root);
  // script(1) gives the shim a terminal; ^C written to it reaches the whole foreground process group.
  const child = spawn('script', scriptArgs([SHIM, '--use-zypper-dup', '--migration-system', IMAGE, '--yes']), {
    env: { ...process.env, ...run.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let sent = false;
  await new Promise<void>((resolve) => {
    const watch = (d: Buffer) => {
      out += d.toString();
      if (!sent && /\[upgrade\] Calling: zypper/.test(out)) {
        sent = true;
        child.stdin.write('\x03');
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('close', () => resolve());
  });
  await silent.close();
  assert.is(exitStatusIn(out), 1, out);
  const interrupted = out.indexOf('migrate: interrupted: stopping the migration container');
  assert.ok(interrupted > 0, out);
  assert.ok(out.indexOf('[finish] released 2 mount(s); none left') > interrupted, "the container's last lines are still streamed");
  assert.match(out, /migrate: interrupted at step upgrade/);
  assert.match(out, /what to do: Run the migration again: it continues where this run stopped\./);
  assert.match(out, /Log: .*distro_migration\.log \(exit code 1\)/);
  for (const name of startedContainers(out)) assert.not.ok(await containerExists(name));
  const calls = await run.calls();
  assert.ok(
    calls.some((c) => c.startsWith('podman kill --signal TERM ')),
    calls.join('\n'),
  );
  assert.not.ok(calls.some((c) => c.startsWith('dracut')));
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.equal(await mountsUnder(root), []);
  await cleanup(run);
});

test('dracut (stand-in) fails after a successful migration: exit 1, says so, no reboot', async (ctx) => {
  const root = await freshRoot(ctx);
  const image = await disposableImage();
  const run = await shimEnv(root, { STANDIN_DRACUT_EXIT: '1', DMS_REBOOT_COUNTDOWN: '0' });
  const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--reboot', '--yes']);
  assert.is(result.exitCode, 1, result.all);
  assert.match(result.stdout, /Migration succeeded: the host now has /);
  assert.match(result.stderr, /dracut failed for /);
  assert.match(result.stderr, /the migration succeeded, but the initrd of the new kernel could not be rebuilt: fix that before rebooting/);
  const calls = await run.calls();
  assert.is(calls.filter((c) => c.startsWith('dracut')).length, 1);
  assert.not.ok(
    calls.some((c) => c.startsWith('systemctl')),
    calls.join('\n'),
  );
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0', 'the migration itself succeeded');
  await cleanup(run);
});

test('--support-bundle twice: passed through as `support-bundle`, unique container names, both removed, bystander kept', async (ctx) => {
  const root = await freshRoot(ctx);
  const run = await shimEnv(root);
  const names: string[] = [];
  for (let i = 0; i < 2; i++) {
    const result = await runShim(run, ['--support-bundle', '--migration-system', IMAGE]);
    assert.is(result.exitCode, 0, result.all);
    assert.match(result.stdout, /\/var\/log\/distro_migration\.support-.*\.tar\.gz/);
    names.push(...startedContainers(result.stdout));
  }
  assert.is(names.length, 2);
  assert.is.not(names[0], names[1], 'every run has its own container name');
  for (const name of names) assert.not.ok(await containerExists(name));
  assert.ok(await containerExists(ctx.bystander));
  assert.ok(await imageExists(IMAGE), 'no image removal outside a migration');
  const runs = (await run.calls()).filter((c) => c.startsWith('podman run --detach'));
  assert.ok(
    runs.every((c) => c.endsWith(`${IMAGE} support-bundle`)),
    runs.join('\n'),
  );
  await cleanup(run);
});

const MODES: [string, string][] = [
  ['--check', 'check --use-zypper-dup'],
  ['--stage', 'stage --use-zypper-dup'],
  ['--restart', 'run --restart --use-zypper-dup'],
  ['--rollback', 'rollback'],
];

test("--check, --stage, --restart, --rollback reach the entrypoint as its commands; the shim exits with the container's code", async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  for (const [mode, command] of MODES) {
    const run = await shimEnv(root);
    const args = mode === '--rollback' ? [mode] : [mode, '--use-zypper-dup'];
    const result = await runShim(run, [...args, '--migration-system', IMAGE, '--yes']);
    const calls = await run.calls();
    assert.ok(podmanRun(calls).endsWith(`${IMAGE} ${command}`), `${mode}: ${podmanRun(calls)}`);
    assert.is(result.exitCode, waited(calls), `${mode}: ${result.all}`);
    assert.not.ok(calls.some((c) => c.startsWith('dracut') || c.startsWith('systemctl')));
    for (const name of startedContainers(result.stdout)) assert.not.ok(await containerExists(name));
    await cleanup(run);
  }
  assert.ok(await imageExists(IMAGE));
});

test('end to end through the shim: --check (ready, report), --stage, a run from the staged packages, --restart, --rollback refused on a non-btrfs root', async (ctx) => {
  const root = await freshRoot(ctx);
  const run = await shimEnv(root);
  const shim = (args: string[]) => runShim(run, [...args, '--migration-system', IMAGE, '--yes']);

  const check = await shim(['--check', '--use-zypper-dup']);
  assert.is(check.exitCode, 0, check.all);
  const report = JSON.parse(await readText(root, '/var/log/distro_migration.report.json')) as { kind: string; result: string };
  assert.equal([report.kind, report.result], ['check', 'ready']);
  assert.not.ok(await exists(root, '/var/log/distro_migration.exitcode'), 'a check changes nothing');

  const stage = await shim(['--stage', '--use-zypper-dup']);
  assert.is(stage.exitCode, 0, stage.all);
  assert.ok(await exists(root, '/var/lib/dms/staged.json'));
  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="12\.5"/, 'staging installs nothing');

  const migrated = await shim(['--use-zypper-dup', '--keep-image']);
  assert.is(migrated.exitCode, 0, migrated.all);
  assert.match(await readText(root, '/var/log/distro_migration.log'), /from the staged cache: nothing was downloaded during the migration/);
  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);

  const restarted = await shim(['--restart', '--use-zypper-dup', '--keep-image']);
  assert.is(restarted.exitCode, 0, restarted.all);
  const journal = JSON.parse(await readText(root, '/var/lib/dms/journal.json')) as { runs: number; result: string };
  assert.equal([journal.runs, journal.result], [1, 'succeeded'], 'a restart starts a new journal');

  const rollback = await shim(['--rollback']);
  assert.is.not(rollback.exitCode, 0, rollback.all);
  assert.match(rollback.all, /not btrfs: there are no snapshots to roll back to/);
  for (const name of startedContainers(check.stdout + stage.stdout + migrated.stdout + restarted.stdout + rollback.stdout))
    assert.not.ok(await containerExists(name));
  assert.equal(await mountsUnder(root), []);
  await cleanup(run);
});

test("plugin-mode options reach `run` as arguments (--product --verbose --debug-solver); the shim exits with the container's code", async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  const run = await shimEnv(root);
  const result = await runShim(run, ['--product', 'SLES/15.7/x86_64', '--verbose', '--debug-solver', '--migration-system', IMAGE, '--yes']);
  const calls = await run.calls();
  assert.ok(podmanRun(calls).endsWith(`${IMAGE} run --product SLES/15.7/x86_64 --verbose --debug-solver`), podmanRun(calls));
  assert.is(result.exitCode, waited(calls), result.all);
  assert.is.not(result.exitCode, 0, 'the bed root is not registered: plugin mode fails');
  assert.not.ok(await exists(root, '/etc/sle-migration-service.yml'), 'no host config written');
  await cleanup(run);
});

test('without --yes on a terminal it asks once the image is present, naming both ends from the image; answering n starts nothing (exit 2)', async (ctx) => {
  const root = await freshRoot(ctx);
  const run = await shimEnv(root);
  const before = await treeHash(root);
  const argv = [SHIM, '--use-zypper-dup', '--migration-system', IMAGE];
  const result = await execa('script', scriptArgs(argv), { reject: false, env: run.env, input: 'n\n', timeout: 60_000 });
  assert.is(exitStatusIn(result.stdout), 2, result.stdout);
  assert.match(result.stdout, `Migrating ${root} from SLES 12 SP5 to SLES 15 SP7 with ${IMAGE}.`);
  assert.match(result.stdout, /Continue\? \[y\/N\]/);
  assert.match(result.stdout, /cancelled; nothing was changed/);
  assert.equal(await run.calls(), [
    `podman image exists ${IMAGE}`,
    `podman run --rm --pull never --net none --security-opt label=disable --volume ${root}:/system-root:ro ${IMAGE} ends --use-zypper-dup`,
  ]);
  assert.is(await treeHash(root), before, 'nothing on the host was written');
  await cleanup(run);
});

test('inhibited through the shim: "not started: 1 inhibitor(s), nothing was changed, see .../report.txt", exit 1, the root unchanged but for the logs and reports', async (ctx) => {
  const root = await freshRoot(ctx);
  await writeFile(path.join(root, 'run/.containerenv'), '');
  const run = await shimEnv(root);
  const written = [
    'var/log/distro_migration.log',
    'var/log/distro_migration.jsonl',
    'var/log/distro_migration.report.json',
    'var/log/distro_migration.report.html',
    'var/log/distro_migration.report.txt',
    'var/log/distro_migration.result',
    'var/lib/dms',
  ];
  const before = await treeHash(root, written);
  const result = await runShim(run, ['--use-zypper-dup', '--migration-system', IMAGE, '--yes']);
  assert.is(result.exitCode, 1, result.all);
  assert.ok(
    result.stderr.endsWith(`migrate: not started: 1 inhibitor(s), nothing was changed, see ${root}/var/log/distro_migration.report.txt`),
    result.stderr,
  );
  assert.match(
    result.all,
    /not started: 1 inhibitor\(s\), nothing was changed, see \/var\/log\/distro_migration\.report\.txt/,
    "the container's own line",
  );
  assert.not.match(result.all, /Migration failed/);
  assert.match(await readText(root, '/var/log/distro_migration.report.txt'), /\[STOP\] inside-container/);
  assert.is(await treeHash(root, written), before);
  assert.not.ok((await run.calls()).some((c) => c.startsWith('dracut')));
  await cleanup(run);
});

/**
 * The test image migrating to SLE 16.0 (a fresh tag each time: a successful run removes it), declared
 * by DMS_TARGET_VERSION_ID or, as SUSE's images do, only by its /etc/os-release.
 */
async function sle16Image(by: 'env' | 'os-release'): Promise<string> {
  const tag = `localhost/dms-shim-sle16:${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-shim-sle16-'));
  const declare =
    by === 'env'
      ? 'ENV DMS_TARGET_VERSION_ID=16.0\n'
      : 'ENV DMS_TARGET_VERSION_ID=\nRUN sed -i \'s/^VERSION_ID=.*/VERSION_ID="16.0"/\' /etc/os-release\n';
  try {
    await writeFile(path.join(dir, 'Containerfile'), `FROM ${IMAGE}\n${declare}`);
    await execa('podman', ['build', '--quiet', '-t', tag, dir]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return tag;
}

/**
 * A Dell host using wicked (sysfs under the root): eth0 a VMware NIC, eth1 and eth2 others; biosdevname
 * (stand-in) names eth1 em1 and eth2 eth2, so eth2 needs its name kept.
 */
async function wickedHost(root: string): Promise<void> {
  const wants = path.join(root, 'etc/systemd/system/network-online.target.wants');
  await mkdir(wants, { recursive: true });
  await symlink('/usr/lib/systemd/system/wicked.service', path.join(wants, 'wicked.service'));
  await mkdir(path.join(root, 'sys/class/dmi/id'), { recursive: true });
  await writeFile(path.join(root, 'sys/class/dmi/id/sys_vendor'), 'Dell Inc.\n');
  for (const [dev, mac] of [
    ['eth0', '00:50:56:aa:bb:cc'],
    ['eth1', '52:54:00:12:34:56'],
    ['eth2', '52:54:00:12:34:57'],
  ] as const) {
    await mkdir(path.join(root, 'sys/class/net', dev), { recursive: true });
    await writeFile(path.join(root, 'sys/class/net', dev, 'address'), `${mac}\n`);
  }
}

const WICKED_XML = '<interface><name>eth0</name><ipv4:dhcp><enabled>true</enabled></ipv4:dhcp></interface>';

test('SLE 16 image: before the container starts, the wicked config is saved and the VMware and biosdevname NICs get .link files (wicked, udevadm, biosdevname stand-ins)', async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  await wickedHost(root);
  const image = await sle16Image('env');
  const run = await shimEnv(root, {
    STANDIN_WICKED_XML: WICKED_XML,
    STANDIN_UDEV_ID_PATH: 'pci-0000:00:03.0',
    STANDIN_UDEV_ID_NET_DRIVER: 'vmxnet3',
    STANDIN_BIOSDEVNAME_eth1: 'em1',
    STANDIN_BIOSDEVNAME_eth2: 'eth2',
  });
  try {
    const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--yes']);
    const calls = await run.calls();
    assert.is(result.exitCode, waited(calls), result.all);
    const wicked = calls.indexOf(`wicked --root-directory ${root} show-config`);
    assert.ok(wicked >= 0, calls.join('\n'));
    assert.ok(wicked < calls.findIndex((c) => c.startsWith('podman run --detach')), 'prepared before the container starts');
    assert.is((await readText(root, '/var/cache/wicked_config/config.xml')).trim(), WICKED_XML);
    const link = await readText(root, '/etc/systemd/network/70-persistent-net-eth0.link');
    assert.match(link, /\[Match\]\nPath=pci-0000:00:03\.0\nDriver=vmxnet3\n\n\[Link\]\nNamePolicy=\nName=eth0\n/);
    assert.not.ok(await exists(root, '/etc/systemd/network/70-persistent-net-eth1.link'), 'not VMware/Hyper-V, biosdevname renames it');
    assert.match(
      await readText(root, '/etc/systemd/network/70-persistent-net-eth2.link'),
      /\nName=eth2\n/,
      'Dell: biosdevname keeps its name',
    );
    assert.ok(calls.includes(`biosdevname --policy physical --smbios 2.6 --nopirq -i eth2`), calls.join('\n'));
  } finally {
    await execa('podman', ['image', 'rm', image], { reject: false });
  }
  await cleanup(run);
});

test('SLE 16 image (known by its os-release only): a NIC udev knows nothing about stops the shim (exit 1) before any container starts, no .link file left', async (ctx) => {
  const root = await freshRoot(ctx, UNREACHABLE);
  await wickedHost(root);
  const image = await sle16Image('os-release');
  const run = await shimEnv(root, { STANDIN_WICKED_XML: WICKED_XML });
  try {
    const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--yes']);
    assert.is(result.exitCode, 1, result.all);
    assert.match(result.stderr, /cannot write a systemd\.link file for eth0: udevadm reports no ID_PATH or ID_NET_DRIVER/);
    assert.match(result.stdout, /The image migrates to SLE 16\.0: preparing the host network for NetworkManager\./);
    assert.match(result.stderr, /the host network preparation for SLE 16\.0 failed/);
    const calls = await run.calls();
    assert.ok(
      calls.some((c) => c.startsWith('podman run --rm --pull never --net none ') && c.endsWith(`${image} ends --use-zypper-dup`)),
      'the target came from the image (its command ends reads its os-release)',
    );
    assert.match(result.stdout, new RegExp(`Migrating ${root} from SLES 12 SP5 to SLES 16\\.0 with `));
    assert.not.ok(
      calls.some((c) => c.startsWith('podman run --detach')),
      'no migration container',
    );
    assert.not.ok(await exists(root, '/etc/systemd/network/70-persistent-net-eth0.link'));
  } finally {
    await execa('podman', ['image', 'rm', image], { reject: false });
  }
  await cleanup(run);
});

test.run();
