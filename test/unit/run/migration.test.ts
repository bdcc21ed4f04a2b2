// The step runner: journal, /etc/issue pointer and exit code across failed, interrupted, continued and restarted runs.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { readJournal, type Journal } from '../../../entrypoint/journal/journal.js';
import { runMigration } from '../../../entrypoint/run/migration.js';
import { ISSUE_POINTER } from '../../../entrypoint/run/result-files.js';
import type { Step } from '../../../entrypoint/steps/types.js';
import { runInput, type TestRunInput } from '../../helpers/run-input.js';
import { Exec } from '../../../entrypoint/system/exec.js';

const context = () => runInput();

/** A step that counts its runs and fails while `fail.now` is set. */
function counted(id: string, fail = { now: false }, extra: Partial<Step> = {}) {
  const counter = { runs: 0 };
  const step: Step = {
    id,
    title: id,
    fatal: true,
    ...extra,
    async run() {
      counter.runs++;
      if (fail.now) throw new Error(`${id} broke`);
    },
  };
  return { step, counter };
}

const noop: Step = { id: 'finish', title: 'finish', fatal: false, async run() {} };

async function journalOf(ctx: TestRunInput): Promise<Journal> {
  const j = await readJournal(ctx.host('/var/lib/dms/journal.json'));
  if (!j || j === 'corrupt') throw new Error(`journal ${String(j)}`);
  return j;
}

test('a failed run leaves the journal, the pointer and exit code 1; the next run continues at the failed step', async () => {
  const ctx = await context();
  const fault = { now: true };
  const a = counted('a');
  const b = counted('b', fault);
  const c = counted('c');
  const first = await runMigration(ctx, [a.step, b.step, c.step], noop);
  assert.is(first.ok, false);
  assert.is(first.failedStep, 'b');
  assert.is(first.advice, 'Fix the cause and run the migration again: it continues where this run stopped.', 'what the shim says to do');
  assert.is(await readFile(ctx.host('/etc/issue'), 'utf8'), ISSUE_POINTER);
  assert.is((await readFile(ctx.host('/var/log/distro_migration.exitcode'), 'utf8')).trim(), '1');
  const j1 = await journalOf(ctx);
  assert.is(j1.result, 'failed');
  assert.is(j1.steps.a?.state, 'succeeded');
  assert.is(j1.steps.b?.state, 'failed');
  assert.is(j1.steps.b?.error, 'b broke');
  assert.ok(j1.steps.b?.started && j1.steps.b.ended, 'start and end are recorded');
  assert.is(j1.steps.c, undefined, 'a step after a fatal failure has no record');

  fault.now = false;
  const second = await runMigration({ ...ctx }, [a.step, b.step, c.step], noop);
  assert.is(second.ok, true);
  assert.equal([a.counter.runs, b.counter.runs, c.counter.runs], [1, 2, 1], 'a is not repeated, b runs again');
  assert.equal(
    second.steps.map((s) => s.status),
    ['done-earlier', 'succeeded', 'succeeded', 'succeeded'],
  );
  const j2 = await journalOf(ctx);
  assert.is(j2.result, 'succeeded');
  assert.is(j2.runs, 2);
  assert.is(j2.steps.b?.attempts, 2);
  assert.is(j2.steps.b?.error, undefined, 'the earlier error is gone once the step succeeded');
  assert.is(await readFile(ctx.host('/etc/issue'), 'utf8'), 'Welcome\n', 'the host banner is back');
});

test('--restart repeats every step; a step marked alwaysRuns repeats on a continued run too', async () => {
  const ctx = await context();
  const fault = { now: true };
  const a = counted('a', { now: false }, { alwaysRuns: true });
  const b = counted('b');
  const z = counted('z', fault);
  await runMigration(ctx, [a.step, b.step, z.step], noop);
  fault.now = false;
  await runMigration({ ...ctx }, [a.step, b.step, z.step], noop);
  assert.equal([a.counter.runs, b.counter.runs, z.counter.runs], [2, 1, 2]);
  await runMigration({ ...ctx }, [a.step, b.step, z.step], noop, { restart: true });
  assert.equal([a.counter.runs, b.counter.runs, z.counter.runs], [3, 2, 3]);
  assert.is((await journalOf(ctx)).runs, 1, 'a restarted journal begins again');
});

test('an interrupted command marks its step interrupted, skips the rest, still runs finish, and a re-run resumes', async () => {
  const ctx = await context();
  const finish = counted('finish');
  let stop = true;
  const slow: Step = {
    id: 'upgrade',
    title: 'upgrade',
    fatal: true,
    async run(c) {
      if (stop) c.exec.interrupt();
      await c.exec.run([process.execPath, '-e', '']);
    },
  };
  const later = counted('later');
  const out = await runMigration(ctx, [slow, later.step], finish.step);
  assert.is(out.ok, false);
  assert.is(out.interrupted, true);
  assert.is(out.advice, 'Run the migration again: it continues where this run stopped.');
  assert.equal(
    out.steps.map((s) => s.status),
    ['interrupted', 'not-run', 'succeeded'],
  );
  assert.is(finish.counter.runs, 1, 'finish (releasing mounts) runs after an interruption');
  const j = await journalOf(ctx);
  assert.is(j.result, 'interrupted');
  assert.is(j.steps.upgrade?.state, 'interrupted');
  stop = false;
  const again = await runMigration({ ...ctx, exec: new Exec(ctx.log) }, [slow, later.step], finish.step);
  assert.is(again.ok, true);
  assert.is(later.counter.runs, 1);
});

test('a signal between steps stops the run before the next step, which the journal then runs first', async () => {
  const ctx = await context();
  const first: Step = {
    id: 'first',
    title: 'first',
    fatal: true,
    async run(c) {
      c.exec.interrupt();
    },
  };
  const next = counted('next');
  const out = await runMigration(ctx, [first, next.step], noop);
  assert.is(out.ok, false);
  assert.is(out.failedStep, 'next');
  assert.is(out.interrupted, true);
  assert.is(out.advice, 'Run the migration again: it continues where this run stopped.');
  assert.is(next.counter.runs, 0);
  assert.is((await journalOf(ctx)).result, 'interrupted');
});

test('a step marked beforeChanges runs before the /etc/issue pointer is set (a snapshot must not hold it)', async () => {
  const ctx = await context();
  let seen = '';
  const snap: Step = {
    id: 'snap',
    title: 'snap',
    fatal: false,
    beforeChanges: true,
    async run(c) {
      seen = await readFile(c.host('/etc/issue'), 'utf8');
    },
  };
  let during = '';
  const change: Step = {
    id: 'change',
    title: 'change',
    fatal: true,
    async run(c) {
      during = await readFile(c.host('/etc/issue'), 'utf8');
    },
  };
  await runMigration(ctx, [snap, change], noop);
  assert.is(seen, 'Welcome\n');
  assert.is(during, ISSUE_POINTER, 'the pointer is in place before the first changing step');
});

test('a continued run does not take a "before" snapshot once an earlier run changed the host', async () => {
  const ctx = await context();
  const fault = { now: true };
  const snap = counted('snap', { now: true }, { beforeChanges: true, fatal: false });
  const change = counted('change', fault);
  await runMigration(ctx, [snap.step, change.step], noop);
  assert.is(snap.counter.runs, 1);
  fault.now = false;
  const second = await runMigration({ ...ctx }, [snap.step, change.step], noop);
  assert.is(snap.counter.runs, 1, 'the failed snapshot step is not retried after the host changed');
  assert.is(second.steps[0]?.status, 'skipped');
  assert.is((await journalOf(ctx)).steps.snap?.state, 'skipped');
});

test('the pre-migration snapshot number goes into the journal and the failure log says how to roll back', async () => {
  const ctx = await context();
  const lines: string[] = [];
  const handle = createLogger({ consoleFd: null, humanFile: ctx.host('/var/log/distro_migration.log') });
  const snap: Step<'btrfs-snapshot-pre'> = {
    id: 'btrfs-snapshot-pre',
    title: 'snap',
    fatal: false,
    beforeChanges: true,
    async run() {
      return { preSnapshot: 7 };
    },
  };
  const bad = counted('bad', { now: true });
  const out = await runMigration({ ...ctx, log: handle.log }, [snap, bad.step], noop);
  handle.close();
  assert.match(
    out.advice ?? '',
    /run the migration again: .* it makes snapshot 7 the default; then reboot\.$/,
    'the shim says how to roll back too',
  );
  lines.push(await readFile(ctx.host('/var/log/distro_migration.log'), 'utf8'));
  assert.is((await journalOf(ctx)).preSnapshot, 7);
  assert.match(
    lines.join(''),
    /journal \/var\/lib\/dms\/journal\.json: run 1, failed; btrfs-snapshot-pre succeeded, bad failed, finish succeeded/,
  );
  assert.match(lines.join(''), /run the image with `rollback` \(migrate --rollback\): it makes snapshot 7 the default; then reboot/);
});

test('without a snapshot the failure log says plainly that there is no rollback', async () => {
  const ctx = await context();
  const handle = createLogger({ consoleFd: null, humanFile: ctx.host('/var/log/distro_migration.log') });
  await runMigration({ ...ctx, log: handle.log }, [counted('bad', { now: true }).step], noop);
  handle.close();
  assert.match(
    await readFile(ctx.host('/var/log/distro_migration.log'), 'utf8'),
    /There is no snapshot to roll back to; the files the migration edited are kept under \/var\/lib\/dms\/backup/,
  );
});

test('the log: a step opens with === title ===, ends "<id> succeeded in N ms" or "<id> failed: <why>" with its hint, and the last line names the failed step', async () => {
  const ctx = await context();
  const handle = createLogger({ consoleFd: null, humanFile: ctx.host('/var/log/distro_migration.log') });
  const good = counted('good', { now: false }, { title: 'A good step' });
  const bad = counted(
    'bad',
    { now: true },
    { title: 'A bad step', failure: { prefix: 'Bad step failed with:', hint: 'look at the bad thing' } },
  );
  await runMigration({ ...ctx, log: handle.log }, [good.step, bad.step], noop);
  handle.close();
  const lines = (await readFile(ctx.host('/var/log/distro_migration.log'), 'utf8')).trimEnd().split('\n');
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  const opened = at(/ \[good\] === A good step ===$/);
  const ended = at(/ \[good\] good succeeded in \d+ ms$/);
  const failed = at(/ERROR \[bad\] bad failed: Bad step failed with: bad broke$/);
  assert.ok(opened >= 0 && ended > opened && failed > ended, lines.join('\n'));
  assert.match(lines[failed + 1]!, /^ +hint: look at the bad thing$/);
  assert.match(lines.at(-1)!, /Migration failed in step bad; /);
});

test.run();
