// Tests of waivers: applied, expired, unknown ids, and what still blocks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckResult } from '../../../entrypoint/checks/types.js';
import { applyWaivers, blockingResults } from '../../../entrypoint/checks/waivers.js';

const failed: CheckResult = { id: 'third-party', title: 'Third party', severity: 'inhibitor', status: 'failed', evidence: ['acme'] };
const passed: CheckResult = { id: 'xfs-v4', title: 'XFS', severity: 'warning', status: 'passed', evidence: ['ext4'] };
const NOW = new Date('2026-11-25T12:00:00Z');

test('a waived inhibitor is reported as waived with its reason, never dropped, and no longer blocks', () => {
  const { results, unknown } = applyWaivers(
    [failed, passed],
    [{ id: 'third-party', reason: 'ACME certified it (ticket 42)', expires: '2026-11-25' }],
    NOW,
  );
  assert.is(results.length, 2);
  assert.equal(results[0], { ...failed, status: 'waived', waiver: { reason: 'ACME certified it (ticket 42)', expires: '2026-11-25' } });
  assert.equal(results[1], passed, 'a waiver never changes a passed check');
  assert.equal(blockingResults(results), []);
  assert.equal(unknown, []);
});

test('an expired waiver does not apply and says so; a waiver for an unknown id is reported', () => {
  const { results, unknown } = applyWaivers(
    [failed],
    [
      { id: 'third-party', reason: 'until the vendor update', expires: '2026-11-24' },
      { id: 'no-such-check', reason: 'typo' },
    ],
    NOW,
  );
  assert.is(results[0]!.status, 'failed');
  assert.match(results[0]!.evidence.at(-1)!, /a waiver expired on 2026-11-24 and no longer applies/);
  assert.equal(
    blockingResults(results).map((r) => r.id),
    ['third-party'],
  );
  assert.equal(unknown, ['no-such-check']);
});

test.run();
