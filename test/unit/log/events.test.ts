// The log event table: its generated documents are current, and every reader of the JSON log asks only for its events.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EVENT_NAMES, logEventsMarkdown, logRecordJsonSchema, logRecordSchema } from '../../../entrypoint/log/events.js';
import type { Logger } from '../../../entrypoint/log/logger.js';

test('docs/log-events.schema.json and the table of docs/log-events.md are generated from the table (node --import tsx scripts/schemas.mjs)', async () => {
  const schema = JSON.parse(await readFile('docs/log-events.schema.json', 'utf8')) as object;
  assert.equal(schema, JSON.parse(JSON.stringify(logRecordJsonSchema())));
  const page = await readFile('docs/log-events.md', 'utf8');
  assert.ok(page.includes(`<!-- GENERATED: events -->\n${logEventsMarkdown()}\n<!-- END GENERATED -->`), 'docs/log-events.md is current');
});

/** Never called: it compiles only because each line below is refused (tsc runs in npm test). */
export function refusedCalls(log: Logger): void {
  // @ts-expect-error an event that is not in the table
  log.info({ event: 'made.up' }, 'x');
  // @ts-expect-error a field the event does not have
  log.info({ event: 'step.start', title: 'Upgrade', extra: 1 }, 'x');
  // @ts-expect-error a required field is missing
  log.warn({ event: 'step.end', status: 'failed' }, 'x');
  // @ts-expect-error a field of the wrong type
  log.error({ event: 'cmd.end', exitCode: '1', durationMs: 1, ok: false }, 'x');
  log.info({ event: 'step.start', title: 'Upgrade' }, 'the table as it is');
}

test('a record validates only with its own fields: an unknown event or field is refused', () => {
  const base = { level: 30, time: '2026-12-05T10:00:00.000Z', msg: 'x' };
  assert.ok(logRecordSchema.safeParse({ ...base, step: 'upgrade', event: 'step.start', title: 'Upgrade' }).success);
  assert.not.ok(logRecordSchema.safeParse({ ...base, event: 'step.start' }).success, 'title is required');
  assert.not.ok(logRecordSchema.safeParse({ ...base, event: 'step.start', title: 'x', extra: 1 }).success);
  assert.not.ok(logRecordSchema.safeParse({ ...base, event: 'made.up' }).success);
});

/** Event names in the shim: its grep patterns ("event":"(a|b)") and the arms of its `case "$event"`. */
function shimEvents(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/"event":"\(?([a-z|\\.-]+)\)?"/g)) for (const n of m[1]!.replaceAll('\\', '').split('|')) names.add(n);
  const cases = /case "\$event" in([\s\S]*?)esac/.exec(text)?.[1] ?? '';
  for (const m of cases.matchAll(/^\s+([a-z.|-]+)\)/gm)) for (const n of m[1]!.split('|')) names.add(n);
  return [...names].sort();
}

test('the host shim reads no JSON log: the status line comes in the console stream, how a run ended from the result line', async () => {
  const shim = await readFile('scripts/migrate', 'utf8');
  assert.equal(shimEvents(shim), []);
  assert.not.match(shim, /json_field|tail [^\n]*JSON/);
});

test('the benchmark reads only events of the table; the Ansible collection reads none', async () => {
  const bench = await readFile('scripts/bench.mjs', 'utf8');
  const used = [...bench.matchAll(/event === '([^']+)'/g)].map((m) => m[1]!);
  assert.ok(used.length > 0);
  assert.equal(
    used.filter((n) => !EVENT_NAMES.includes(n)),
    [],
  );
  const role: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/"event"|\.event\b|jsonl/.test(await readFile(full, 'utf8'))) role.push(full);
    }
  };
  await walk('scripts/ansible');
  assert.equal(role, [], 'the collection reads the report, not the log events');
});

test.run();
