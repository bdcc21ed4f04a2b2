// The human log line: time, level, step, indented command output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatRecord } from '../../../entrypoint/log/format.js';

test('a record becomes one readable line with time, level and step', () => {
  assert.is(
    formatRecord({ level: 30, time: '2026-11-25T06:40:01.123Z', step: 'prepare', msg: 'hello' }),
    '2026-11-25 06:40:01 INFO  [prepare] hello\n',
  );
  assert.is(
    formatRecord({ level: 50, time: '2026-11-25T06:40:01.123Z', msg: 'boom', hint: 'do this' }),
    `2026-11-25 06:40:01 ERROR boom\n${' '.repeat(26)}hint: do this\n`,
  );
});

test('command output lines are indented under their command', () => {
  assert.is(
    formatRecord({ level: 30, time: '2026-11-25T06:40:01Z', step: 'upgrade', event: 'cmd.output', msg: 'Retrieving package' }),
    '2026-11-25 06:40:01 INFO  [upgrade]   | Retrieving package\n',
  );
});

test.run();
