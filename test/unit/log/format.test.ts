// The human log line: time with its zone, level, step, indented command output and continuation lines; what the console leaves out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { forConsole, forHumans, formatRecord } from '../../../entrypoint/log/format.js';

test('a record becomes one readable line with time and zone, level and step', () => {
  assert.is(
    formatRecord({ level: 30, time: '2026-11-25T06:40:01.123Z', step: 'prepare', msg: 'hello' }),
    '2026-11-25 06:40:01 UTC INFO  [prepare] hello\n',
  );
  assert.is(
    formatRecord({ level: 50, time: '2026-11-25T06:40:01.123Z', msg: 'boom', hint: 'do this' }),
    `2026-11-25 06:40:01 UTC ERROR boom\n${' '.repeat(30)}hint: do this\n`,
  );
});

test('command output lines are indented under their command', () => {
  assert.is(
    formatRecord({ level: 30, time: '2026-11-25T06:40:01Z', step: 'upgrade', event: 'cmd.output', msg: 'Retrieving package' }),
    '2026-11-25 06:40:01 UTC INFO  [upgrade]   | Retrieving package\n',
  );
});

test('the continuation lines of a multi-line record are indented under its first line', () => {
  const text = formatRecord({ level: 30, time: '2026-11-25T06:40:01Z', step: 'prepare', msg: 'ip a:\n1: lo: <LOOPBACK>\n2: eth0' });
  const pad = ' '.repeat('2026-11-25 06:40:01 UTC INFO  [prepare] '.length);
  assert.is(text, `2026-11-25 06:40:01 UTC INFO  [prepare] ip a:\n${pad}1: lo: <LOOPBACK>\n${pad}2: eth0\n`);
  const lines = text.trimEnd().split('\n');
  for (const line of lines.slice(1))
    assert.is(line.indexOf('1:') === -1 ? line.indexOf('2:') : line.indexOf('1:'), lines[0]!.indexOf('ip a:'));
});

test('the console leaves out the configuration, network and /etc/hosts dumps and the checks that passed; progress has no human line', () => {
  const at = (event: string, extra = {}) => ({ level: 30, time: '2026-11-25T06:40:01Z', event, ...extra });
  for (const event of ['config', 'prepare.network', 'prepare.hosts', 'exec.env']) assert.not.ok(forConsole(at(event)), event);
  assert.not.ok(forConsole(at('finding', { status: 'passed' })));
  assert.not.ok(forConsole(at('finding', { status: 'not-applicable' })));
  assert.ok(forConsole(at('finding', { status: 'failed' })));
  assert.ok(forConsole(at('step.start')));
  assert.ok(forConsole(at('cmd.output')));
  assert.not.ok(forHumans(at('progress')));
  assert.ok(forHumans(at('config')), 'the log file keeps the dumps');
});

test.run();
