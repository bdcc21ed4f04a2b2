// Tests of the free-space check: plan sizes against the real free space of the temp file system.
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freeSpace, logBytesNeeded } from '../../../entrypoint/checks/free-space.js';
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
    /^NOT ENOUGH: \/var\/cache\/zypp\/packages \(download 1073741824\.0 MiB\) \+ \/usr \(installation 1073741824\.0 MiB\) \+ \/var\/log \(logs 8\.0 MiB\) needs 2362232021\.6 MiB/,
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

test('the logs need room in the host /var/log, found inside the root also when it links elsewhere (absolute link)', async () => {
  const root = await makeRoot({ '/usr/.keep': '', '/srv/log/.keep': '' });
  await mkdir(path.join(root, 'var'), { recursive: true });
  await symlink('/srv/log', path.join(root, 'var/log'));
  const logFs = path.join(root, 'srv/log');
  await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'dms-test-log', logFs]);
  try {
    const p = {
      ...plan(1024 * 1024, 0),
      upgrade: ['a', 'b'].map((name) => ({ name, kind: 'package', arch: 'noarch', edition: '1-1' })),
    } as Plan;
    const needed = logBytesNeeded(p);
    assert.is(needed, 8 * 1024 * 1024 + 2 * 64 * 1024, 'a fixed part and a part per changed package');
    const finding = await freeSpace.run(checkContext(root, { plan: p }));
    assert.is(finding.ok, false, JSON.stringify(finding));
    // The tmpfs behind the link is measured: its own line, 1 MiB free.
    assert.ok(
      finding.evidence.some((e) => /^NOT ENOUGH: \/var\/log \(logs 8\.1 MiB\) needs 8\.9 MiB with a 10% margin, 1\.0 MiB free$/.test(e)),
      finding.evidence.join('\n'),
    );
    assert.ok(
      finding.evidence.some((e) => /^enough: \/var\/cache\/zypp\/packages/.test(e)),
      finding.evidence.join('\n'),
    );
  } finally {
    await execa('umount', [logFs]);
    await removeRoot(root);
  }
});

test.run();
