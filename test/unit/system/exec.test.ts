// The command runner: missing programs, SYSTEMD_OFFLINE after a chrooted zypper, stopping on interrupt.
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError, errorHint, InterruptedError } from '../../../entrypoint/errors.js';
import { Exec, isChrootedZypper } from '../../../entrypoint/system/exec.js';

/** An Exec whose log records land in `lines` (message text only). */
function recordingExec(): { exec: Exec; lines: string[] } {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) });
  return { exec: new Exec(log), lines };
}

test('a missing program is logged as the SPEC says and fails with a hint', async () => {
  const { exec, lines } = recordingExec();
  try {
    await exec.run(['dms-no-such-program', '--flag']);
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, CommandError);
    assert.match((err as Error).message, /command not found: dms-no-such-program/);
    assert.match(errorHint(err) ?? '', /migration image has no "dms-no-such-program"/);
  }
  assert.ok(lines.includes('Command "dms-no-such-program" not found in the environment'), lines.join('\n'));
  const result = await exec.run(['dms-no-such-program'], { allowFailure: true });
  assert.is(result.notFound, true);
  assert.is(result.ok, false);
});

test('original command_test test_run_failure and _raises_error: a failing command raises with its exit code, stderr and stdout are logged, "(no output on stderr)" when empty', async () => {
  const { exec, lines } = recordingExec();
  try {
    await exec.run(['sh', '-c', 'echo out-text; exit 3']);
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, CommandError);
    assert.match((err as Error).message, /exit code 3/);
  }
  assert.ok(lines.includes('stderr: (no output on stderr)'), lines.join('\n'));
  assert.ok(lines.includes('stdout: out-text'), lines.join('\n'));
  lines.length = 0;
  await exec.run(['sh', '-c', 'echo err-text >&2; exit 1'], { allowFailure: true });
  assert.ok(lines.includes('stderr: err-text'), lines.join('\n'));
  assert.ok(lines.includes('stdout: (no output on stdout)'), lines.join('\n'));
  // test_run_does_not_raise_error: a success raises nothing and logs no stderr line.
  lines.length = 0;
  assert.is((await exec.run(['true'])).ok, true);
  assert.not.ok(
    lines.some((l) => l.startsWith('stderr:')),
    lines.join('\n'),
  );
});

test('a chrooted zypper is recognised by its operands, not by other chrooted programs', () => {
  assert.ok(isChrootedZypper(['chroot', '/system-root', 'zypper', 'install', 'x']));
  assert.ok(isChrootedZypper(['/usr/sbin/chroot', '/system-root', '/usr/bin/zypper', 'rm', 'x']));
  assert.ok(isChrootedZypper(['chroot', '--userspec=0:0', '/system-root', 'zypper']));
  assert.not.ok(isChrootedZypper(['chroot', '/system-root', 'rpm', '-q', 'zypper']));
  assert.not.ok(isChrootedZypper(['zypper', '--root', '/system-root', 'dup']));
  assert.not.ok(isChrootedZypper(['chroot', '/system-root']));
});

test('after the first chrooted zypper every later command runs with SYSTEMD_OFFLINE=1', async () => {
  const { exec, lines } = recordingExec();
  const before = await exec.run(['env']);
  assert.not.match(before.stdout, /^SYSTEMD_OFFLINE=/m);
  // A root without zypper: the command fails, but it was a chrooted zypper all the same.
  await exec.run(['chroot', '/dms-no-such-root', 'zypper', '--version'], { allowFailure: true });
  assert.ok(
    lines.some((l) => l.startsWith('SYSTEMD_OFFLINE=1 for this and every later command')),
    lines.join('\n'),
  );
  const later = await exec.withLogger(pino({ level: 'silent' })).run(['env']);
  assert.match(later.stdout, /^SYSTEMD_OFFLINE=1$/m, 'a view of the same runner (another step) keeps it');
  assert.match(
    (await exec.run(['env'], { env: { SYSTEMD_OFFLINE: '0' } })).stdout,
    /^SYSTEMD_OFFLINE=0$/m,
    'an explicit value of a command wins',
  );
});

test('a command given SYSTEMD_OFFLINE=1 (zypper --root install of the SLE 16 steps) makes it stick as well', async () => {
  const { exec } = recordingExec();
  assert.not.match((await exec.run(['env'])).stdout, /^SYSTEMD_OFFLINE=/m);
  await exec.run(['true'], { env: { SYSTEMD_OFFLINE: '1' } });
  assert.match((await exec.run(['env'])).stdout, /^SYSTEMD_OFFLINE=1$/m);
});

test('an interrupt stops the running command with its own stop signal (SIGHUP for an interactive shell)', async () => {
  const { exec, lines } = recordingExec();
  const running = exec.run(['sleep', '30'], { stopSignal: 'SIGHUP', allowFailure: true });
  exec.interrupt('SIGTERM');
  try {
    await running;
    assert.unreachable('an interrupted command throws');
  } catch (err) {
    assert.instance(err, InterruptedError);
  }
  assert.ok(
    lines.some((l) => l === 'sleep exited with signal SIGHUP' || /^sleep exited with signal SIGHUP after/.test(l)),
    lines.join('\n'),
  );
  exec.resume();
  const next = exec.run(['sleep', '30'], { allowFailure: true });
  exec.interrupt('SIGTERM');
  await next.catch(() => undefined);
  assert.ok(
    lines.some((l) => /^sleep exited with signal SIGTERM after/.test(l)),
    'the default again for the next command',
  );
});

test.run();
