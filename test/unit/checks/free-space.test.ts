// Tests of the free-space check: plan sizes against the real free space of the temp file system.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freeSpace } from '../../../entrypoint/checks/free-space.js';
import { emptyPlan, type Plan } from '../../../entrypoint/plan/types.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

function plan(downloadBytes: number, spaceUsageDiffBytes: number): Plan {
  return { ...emptyPlan('dup-dry-run', 'zypper dup --dry-run'), computed: true, downloadBytes, spaceUsageDiffBytes };
}

test('a plan that downloads and installs more than the file system holds inhibits', async () => {
  const root = await makeRoot({ '/var/cache/zypp/packages/.keep': '', '/usr/.keep': '' });
  const finding = await freeSpace.run(checkContext(root, { plan: plan(2 ** 50, 2 ** 50) }));
  assert.is(finding.ok, false);
  // Both directories are on the temp dir's file system: the needs add up on one line.
  assert.is(finding.evidence.length, 1);
  assert.match(
    finding.evidence[0]!,
    /^NOT ENOUGH: \/var\/cache\/zypp\/packages \(download 1073741824\.0 MiB\) \+ \/usr \(installation 1073741824\.0 MiB\) needs 2362232012\.8 MiB/,
  );
  await removeRoot(root);
});

test('a small plan passes; without a plan the check reports an error instead of guessing', async () => {
  const root = await makeRoot({ '/usr/.keep': '' });
  const finding = await freeSpace.run(checkContext(root, { plan: plan(1024 * 1024, -4096) }));
  assert.ok(finding.ok, JSON.stringify(finding));
  assert.match(finding.evidence[0]!, /^enough: /);
  try {
    await freeSpace.run(checkContext(root));
    assert.unreachable('no plan must not pass');
  } catch (err) {
    assert.match((err as Error).message, /the needed space is unknown/);
  }
  await removeRoot(root);
});

test.run();
