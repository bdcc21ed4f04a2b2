// The host shim end to end against a recording podman stand-in that replays what a container says (its `ends` line and
// the result line, both made by entrypoint/run/shim-result.ts): the outcome wording, the question, the options' dialect.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldsLine, resultLine, type ShimResult } from '../../../entrypoint/run/shim-result.js';
import { FAKE_CONTAINER_ID, shimSandbox } from '../../helpers/fake-podman.js';
import { SHIM } from '../../helpers/shim.js';
import { exitStatusIn, scriptArgs } from '../../helpers/terminal.js';

const ENDS = fieldsLine({ source: 'SLES 12 SP5', target: 'SLES 15 SP7', target_version: '15.7' });
const KERNEL = '6.4.0-150700.53.3-default';
const REPORT = '/var/log/distro_migration.report.txt';

interface Ctx {
  dir: string;
  root: string;
  env: Record<string, string>;
}
const test = suite<Ctx>('migrate: outcomes', { dir: '', root: '', env: {} });

test.before.each(async (ctx) => {
  const box = await shimSandbox('dms-shim-outcome-', KERNEL, ['etc']);
  ctx.dir = box.dir;
  ctx.root = box.root;
  ctx.env = { ...box.env, FAKE_ENDS: ENDS };
});

test.after.each(async (ctx) => {
  await rm(ctx.dir, { recursive: true, force: true });
});

function shim(ctx: Ctx, args: string[], env: Record<string, string> = {}) {
  return execa(SHIM, args, { reject: false, env: { ...ctx.env, ...env }, extendEnv: true, stdin: 'ignore', timeout: 60_000 });
}

/** A migration whose container ended with `status` after writing `result`. */
const migrate = (ctx: Ctx, status: number, result?: ShimResult) =>
  shim(ctx, ['--use-zypper-dup', '--yes'], { FAKE_STATUS: String(status), ...(result ? { FAKE_RESULT: resultLine(result) } : {}) });

const calls = async (ctx: Ctx) => (await readFile(ctx.env.STANDIN_LOG!, 'utf8').catch(() => '')).split('\n').filter(Boolean);

test('inhibited: one line "not started: N inhibitor(s), nothing was changed, see <report.txt>", exit 1, nothing after', async (ctx) => {
  const r = await migrate(ctx, 1, { outcome: 'inhibited', inhibitors: 2, report: REPORT });
  assert.is(r.exitCode, 1, r.stderr);
  assert.is(r.stderr, `migrate: not started: 2 inhibitor(s), nothing was changed, see ${ctx.root}${REPORT}`);
  assert.not.match(r.stdout + r.stderr, /Migration failed|Migration succeeded/);
  assert.not.ok((await calls(ctx)).some((c) => c.startsWith('dracut')));
  // Without a written report the log is where to look.
  const noReport = await migrate(ctx, 1, { outcome: 'inhibited', inhibitors: 1 });
  assert.is(noReport.stderr, `migrate: not started: 1 inhibitor(s), nothing was changed, see ${ctx.root}/var/log/distro_migration.log`);
});

test('failed at a step: the step, its error, the hint, what to do, the log and the report; exit 1, no initrd', async (ctx) => {
  const r = await migrate(ctx, 1, {
    outcome: 'failed',
    step: 'upgrade',
    error: 'Migration failed with: zypper dup exit code 106 (repositories skipped)',
    hint: 'check that the target repositories on the host are reachable',
    advice: 'Fix the cause and run the migration again: it continues where this run stopped.',
    report: REPORT,
  });
  assert.is(r.exitCode, 1);
  assert.is(
    r.stderr,
    [
      'migrate: failed at step upgrade: Migration failed with: zypper dup exit code 106 (repositories skipped)',
      '  hint: check that the target repositories on the host are reachable',
      '  what to do: Fix the cause and run the migration again: it continues where this run stopped.',
      `Log: ${ctx.root}/var/log/distro_migration.log (exit code 1); report: ${ctx.root}${REPORT}`,
    ].join('\n'),
  );
  assert.not.ok((await calls(ctx)).some((c) => c.startsWith('dracut') || c.startsWith('systemctl')));
});

test('interrupted at a step: says so with what to do', async (ctx) => {
  const r = await migrate(ctx, 1, {
    outcome: 'interrupted',
    step: 'upgrade',
    advice: 'Run the migration again: it continues where this run stopped.',
  });
  assert.is(r.exitCode, 1);
  assert.match(
    r.stderr,
    /^migrate: interrupted at step upgrade\n {2}what to do: Run the migration again: it continues where this run stopped\.\n/,
  );
});

test('succeeded: names the new system, rebuilds the initrd of the new kernel, says to reboot', async (ctx) => {
  const r = await migrate(ctx, 0, { outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7', report: REPORT });
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(
    r.stdout,
    `Migration succeeded: the host now has SUSE Linux Enterprise Server 15 SP7. Log: ${ctx.root}/var/log/distro_migration.log\n`,
  );
  assert.match(r.stdout, /Rebuilding the initrd of the new kernel 6\.4\.0-150700\.53\.3-default/);
  assert.ok(r.stdout.endsWith('Reboot the host to start the migrated system.'), r.stdout);
  assert.ok((await calls(ctx)).some((c) => c.startsWith(`dracut --force --sysroot ${ctx.root}`)));
});

test('the terminal hangs up while the shim follows: it says how to follow from elsewhere, stops following, writes on to its log, and still ends the run', async (ctx) => {
  const run = shim(ctx, ['--use-zypper-dup', '--yes'], {
    FAKE_STATUS: '0',
    FAKE_LOGS_SLEEP: '3',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7', report: REPORT }),
  });
  const calls = path.join(ctx.dir, 'calls.log');
  for (let i = 0; i < 200 && !(await readFile(calls, 'utf8').catch(() => '')).includes('podman logs'); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  run.kill('SIGHUP');
  const r = await run;
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /It goes on if this session ends: follow it with podman logs -f dms-migration-\S+ \(or tail -f \/var\/log\/distro_migration\.log\)/,
  );
  const after = await readFile(calls, 'utf8');
  assert.match(after, /^podman wait /m, 'waited for the container');
  assert.match(after, /^podman rm --force /m, 'removed the container');
  const log = await readFile(path.join(ctx.root, 'var/log/distro_migration.shim.log'), 'utf8');
  assert.match(log, /the terminal hung up; the migration container dms-migration-\S+ goes on/);
  assert.match(log, /Migration succeeded: the host now has SUSE Linux Enterprise Server 15 SP7/);
  assert.not.match(r.stdout, /Migration succeeded/, 'after the hang-up nothing more went to the terminal');
});

test('no result line of this run: the exit code speaks (a stale line of an earlier run is not read for other codes)', async (ctx) => {
  await writeFile(path.join(ctx.root, 'var/log/distro_migration.result'), resultLine({ outcome: 'inhibited', inhibitors: 9 }));
  const busy = await migrate(ctx, 3);
  assert.is(busy.exitCode, 3);
  assert.match(busy.stderr, /^migrate: another migration is running on this host; nothing was changed\n/);
  const killed = await migrate(ctx, 137);
  assert.is(killed.exitCode, 137);
  assert.match(killed.stderr, /^migrate: the migration container ended with exit code 137 and no result: see the log\n/);
  const usage = await migrate(ctx, 2);
  assert.is(usage.exitCode, 2);
  assert.match(usage.stderr, /^migrate: the migration did not start: bad options or configuration \(see above\); nothing was changed\n/);
  const bug = await migrate(ctx, 4);
  assert.is(bug.exitCode, 4);
  assert.match(
    bug.stderr,
    /^migrate: internal error of the migration program \(a bug\): the stack is in the log; report it with migrate --support-bundle\n/,
  );
});

test('unattended (stdin no terminal, no --yes): no question; the default image is the SLE 15 one, pulled only when missing', async (ctx) => {
  const r = await shim(ctx, ['--use-zypper-dup'], {
    FAKE_STATUS: '0',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7' }),
  });
  assert.is(r.exitCode, 0, r.stderr);
  assert.not.match(r.stdout, /Continue\?/);
  const sle15 = 'registry.opensuse.org/devel/dms/containers_sle15/migration:latest';
  assert.match(r.stdout, `Migrating ${ctx.root} from SLES 12 SP5 to SLES 15 SP7 with ${sle15}.`);
  const podman = (await calls(ctx)).filter((c) => c.startsWith('podman '));
  assert.is(podman[0], `podman image exists ${sle15}`, 'present (the stand-in says so): not pulled');
  assert.not.ok(podman.some((c) => c.startsWith('podman pull')));
  assert.ok(podman.some((c) => c.startsWith('podman run --detach') && c.endsWith(`${sle15} run --use-zypper-dup`)));
});

test('--debug after a success: the container and the image are kept, the initrd is still rebuilt', async (ctx) => {
  const r = await shim(ctx, ['--use-zypper-dup', '--debug', '--yes'], {
    FAKE_STATUS: '0',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7' }),
  });
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /Debug mode: kept the container dms-migration-\S+ /);
  assert.match(r.stdout, /Kept the image /);
  const all = await calls(ctx);
  assert.ok(all.some((c) => c.startsWith('podman run --detach') && c.endsWith(' run --use-zypper-dup --debug')));
  assert.not.ok(
    all.some((c) => c.startsWith('podman rm') || c.startsWith('podman image rm')),
    all.join('\n'),
  );
  assert.ok(all.some((c) => c.startsWith('dracut --force')));
});

test('SIGTERM to the shim while it follows: it stops its container with SIGTERM and says the run was interrupted, exit 1, no initrd', async (ctx) => {
  const run = shim(ctx, ['--use-zypper-dup', '--yes'], {
    FAKE_STATUS: '1',
    FAKE_LOGS_SLEEP: '2',
    FAKE_RESULT: resultLine({
      outcome: 'interrupted',
      step: 'upgrade',
      advice: 'Run the migration again: it continues where this run stopped.',
    }),
  });
  for (let i = 0; i < 200 && !(await calls(ctx)).some((c) => c.startsWith('podman logs')); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  run.kill('SIGTERM');
  const r = await run;
  assert.is(r.exitCode, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /^migrate: interrupted: stopping the migration container dms-migration-\S+ /m);
  assert.match(r.stderr, /^migrate: interrupted at step upgrade\n {2}what to do: Run the migration again: it continues/m);
  const all = await calls(ctx);
  assert.ok(all.includes(`podman kill --signal TERM ${FAKE_CONTAINER_ID}`), all.join('\n'));
  assert.not.ok(all.some((c) => c.startsWith('dracut')));
});

test('--reboot counts down 10 s unless DMS_REBOOT_COUNTDOWN says otherwise; Ctrl-C (SIGINT) cancels: exit 0, no reboot', async (ctx) => {
  const run = shim(ctx, ['--use-zypper-dup', '--yes', '--reboot'], {
    FAKE_STATUS: '0',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7' }),
  });
  let out = '';
  run.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    if (/press Ctrl-C to cancel/.test(out)) run.kill('SIGINT');
  });
  const r = await run;
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Rebooting \(systemctl reboot\) in 10 s; press Ctrl-C to cancel\./);
  assert.match(r.stdout, /Reboot cancelled\. Reboot the host to start the migrated system\.$/);
  assert.not.ok((await calls(ctx)).some((c) => c.startsWith('systemctl')));
});

test('--reboot runs systemctl reboot after the initrd, also with soft_reboot: true in the host file and a drop-in (no kexec: the original container form turns soft reboot off)', async (ctx) => {
  const root = ctx.root;
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'soft_reboot: true\n');
  await mkdir(path.join(root, 'etc/sle-migration-service.d'), { recursive: true });
  await writeFile(path.join(root, 'etc/sle-migration-service.d/50-reboot.yml'), 'soft_reboot: yes\n');
  await rm(ctx.env.STANDIN_LOG!, { force: true });
  const r = await shim(ctx, ['--use-zypper-dup', '--yes', '--reboot'], {
    FAKE_STATUS: '0',
    FAKE_RESULT: resultLine({ outcome: 'succeeded', system: 'SUSE Linux Enterprise Server 15 SP7' }),
    DMS_REBOOT_COUNTDOWN: '0',
  });
  assert.is(r.exitCode, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Rebooting now\.$/);
  const all = await calls(ctx);
  assert.equal(
    all.filter((c) => c.startsWith('systemctl')),
    ['systemctl reboot'],
  );
  assert.ok(all.indexOf('systemctl reboot') > all.findIndex((c) => c.startsWith('dracut --force')), 'the initrd comes first');
});
test('-n/--non-interactive and -y/--yes, --dry-run is --check, --fix is check --fix, --show-config is config', async (ctx) => {
  const detached = async (args: string[]) => {
    await rm(ctx.env.STANDIN_LOG!, { force: true });
    const r = await shim(ctx, args);
    const run = (await calls(ctx)).find((c) => c.startsWith('podman run --detach'));
    return { r, argv: run?.replace(/^.* localhost\/|^.*migration:latest /, '') };
  };
  assert.is((await detached(['--dry-run', '--use-zypper-dup'])).argv, 'check --use-zypper-dup');
  assert.is((await detached(['--fix', '--use-zypper-dup', '-n'])).argv, 'check --fix --use-zypper-dup');
  assert.is((await detached(['--check', '--fix', '--non-interactive'])).argv, 'check --fix');
  assert.is((await detached(['--show-config', '--product', 'SLES/15.7/x86_64'])).argv, 'config --product SLES/15.7/x86_64');
  for (const yes of ['-n', '--non-interactive', '-y', '--yes']) {
    const { r, argv } = await detached(['--use-zypper-dup', yes]);
    assert.is(argv, 'run --use-zypper-dup', yes);
    assert.is(r.exitCode, 0, r.stderr);
  }
  const bad = await shim(ctx, ['--fix', '--stage']);
  assert.is(bad.exitCode, 2);
  assert.match(bad.stderr, /--fix applies to --check, not to --stage/);
});

test('the question comes after the image is present and names both ends; answering n starts nothing', async (ctx) => {
  const argv = [SHIM, '--use-zypper-dup', '--migration-system', 'localhost/dms-test:any'];
  const r = await execa('script', scriptArgs(argv), { reject: false, env: { ...ctx.env }, input: 'n\n', timeout: 60_000 });
  assert.is(exitStatusIn(r.stdout), 2, r.stdout);
  assert.match(r.stdout, `Migrating ${ctx.root} from SLES 12 SP5 to SLES 15 SP7 with localhost/dms-test:any.`);
  assert.match(r.stdout, /Continue\? \[y\/N\]/);
  assert.match(r.stdout, /cancelled; nothing was changed/);
  assert.equal(await calls(ctx), [
    'podman image exists localhost/dms-test:any',
    `podman run --rm --pull never --net none --security-opt label=disable --volume ${ctx.root}:/system-root:ro localhost/dms-test:any ends --use-zypper-dup`,
  ]);
  // Rollback and --fix change the host too: they ask as well, naming the host's release.
  for (const [mode, words] of [
    ['--rollback', `Rolling back ${ctx.root} (SLES 12 SP5) to its pre-migration snapshot`],
    ['--fix', `Repairing what the pre-flight checks can repair on ${ctx.root} (SLES 12 SP5), then checking`],
  ] as const) {
    const asked = await execa('script', scriptArgs([SHIM, mode]), { reject: false, env: { ...ctx.env }, input: 'n\n', timeout: 60_000 });
    assert.is(exitStatusIn(asked.stdout), 2, asked.stdout);
    assert.match(asked.stdout, words);
  }
});

test('the image refuses the options or configuration (its `ends` exits 2): exit 2, nothing started', async (ctx) => {
  const r = await shim(ctx, ['--use-zypper-dup', '--yes'], { FAKE_ENDS_EXIT: '2', FAKE_ENDS: '' });
  assert.is(r.exitCode, 2);
  assert.match(r.stderr, /bad options or configuration \(see above\); nothing was changed/);
  assert.not.ok((await calls(ctx)).some((c) => c.startsWith('podman run --detach')));
});

test('--help fits 80 columns and names the image of each target', async (ctx) => {
  const r = await shim(ctx, ['--help']);
  assert.is(r.exitCode, 0);
  assert.equal(
    r.stdout.split('\n').filter((l) => l.length > 80),
    [],
  );
  assert.match(r.stdout, 'SLE 15: registry.opensuse.org/devel/dms/containers_sle15/migration:latest');
  assert.match(r.stdout, 'SLE 16: registry.opensuse.org/devel/dms/containers_sle16/migration:latest');
  for (const option of ['-n, --non-interactive', '--dry-run', '--fix', '--show-config']) assert.match(r.stdout, option);
});

test.run();
