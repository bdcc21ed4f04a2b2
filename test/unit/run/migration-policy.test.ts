// The failure policy of SPEC 5.0: fatal steps stop the run, `needs` gates later steps, post-step failures fail the result.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { ISSUE_POINTER } from '../../../entrypoint/run/result-files.js';
import { runMigration } from '../../../entrypoint/run/migration.js';
import type { Step } from '../../../entrypoint/steps/types.js';
import { runInput, type TestRunInput } from '../../helpers/run-input.js';

async function context(): Promise<{ ctx: TestRunInput; root: string; ran: string[] }> {
  const ctx = await runInput(DEFAULTS);
  return { ctx, root: ctx.paths.systemRoot, ran: [] };
}

function step(
  ran: string[],
  id: string,
  opts: { fatal?: boolean; fails?: boolean; needs?: string[]; skip?: string; optional?: boolean } = {},
): Step {
  return {
    id,
    title: id,
    fatal: opts.fatal ?? false,
    ...(opts.needs ? { needs: opts.needs } : {}),
    ...(opts.optional ? { optional: true } : {}),
    ...(opts.skip ? { skipReason: () => opts.skip } : {}),
    async run() {
      ran.push(id);
      if (opts.fails) throw new Error(`${id} broke`);
    },
  };
}

const read = (root: string, p: string) => readFile(path.join(root, p), 'utf8');

test('a failed post step: later post steps still run, its dependants do not, and the run ends failed', async () => {
  const { ctx, root, ran } = await context();
  const outcome = await runMigration(
    ctx,
    [
      step(ran, 'upgrade', { fatal: true }),
      step(ran, 'pam', { needs: ['upgrade'], fails: true }),
      step(ran, 'ha-cluster', { needs: ['upgrade'], skip: 'not a cluster node' }),
      step(ran, 'grub-setup', { needs: ['upgrade'], fails: true }),
      step(ran, 'regenerate-initrd', { needs: ['upgrade', 'grub-setup'] }),
    ],
    step(ran, 'finish'),
  );
  assert.equal(ran, ['upgrade', 'pam', 'grub-setup', 'finish']);
  assert.equal(
    outcome.steps.map((s) => `${s.id}:${s.status}`),
    ['upgrade:succeeded', 'pam:failed', 'ha-cluster:skipped', 'grub-setup:failed', 'regenerate-initrd:not-run', 'finish:succeeded'],
  );
  assert.is(outcome.ok, false);
  assert.is(outcome.failedStep, 'pam');
  assert.match(outcome.advice ?? '', /^The upgrade succeeded, but step\(s\) pam, grub-setup failed: do not reboot before fixing them\./);
  assert.is(await read(root, 'var/log/distro_migration.exitcode'), '1\n');
  assert.is(await read(root, 'etc/issue'), ISSUE_POINTER);
});

test('a failed fatal step skips everything but finish; a skipped step does not satisfy needs', async () => {
  const { ctx, ran } = await context();
  const outcome = await runMigration(
    ctx,
    [step(ran, 'prepare', { fatal: true, fails: true }), step(ran, 'upgrade', { fatal: true }), step(ran, 'pam', { needs: ['upgrade'] })],
    step(ran, 'finish'),
  );
  assert.equal(ran, ['prepare', 'finish']);
  assert.is(outcome.failedStep, 'prepare');

  const second = await context();
  const gated = await runMigration(
    second.ctx,
    [step(second.ran, 'grub-setup', { skip: 'no grub' }), step(second.ran, 'regenerate-initrd', { needs: ['grub-setup'] })],
    step(second.ran, 'finish'),
  );
  assert.equal(
    gated.steps.map((s) => s.status),
    ['skipped', 'not-run', 'succeeded'],
  );
  assert.is(gated.ok, true, 'a step that did not run for want of its dependency is no failure');
});

test('an optional step (btrfs-snapshot-pre) may fail without failing the run', async () => {
  const { ctx, root, ran } = await context();
  const outcome = await runMigration(
    ctx,
    [step(ran, 'btrfs-snapshot-pre', { optional: true, fails: true }), step(ran, 'upgrade', { fatal: true })],
    step(ran, 'finish'),
  );
  assert.equal(ran, ['btrfs-snapshot-pre', 'upgrade', 'finish']);
  assert.equal(
    outcome.steps.map((s) => s.status),
    ['failed', 'succeeded', 'succeeded'],
  );
  assert.is(outcome.ok, true);
  assert.is(await read(root, 'var/log/distro_migration.exitcode'), '0\n');
});

test('every step succeeding gives exit code 0', async () => {
  const { ctx, root, ran } = await context();
  const outcome = await runMigration(
    ctx,
    [step(ran, 'upgrade', { fatal: true }), step(ran, 'pam', { needs: ['upgrade'] })],
    step(ran, 'finish'),
  );
  assert.is(outcome.ok, true);
  assert.is(await read(root, 'var/log/distro_migration.exitcode'), '0\n');
  assert.is(await read(root, 'etc/issue'), 'Welcome\n');
});

test.run();
