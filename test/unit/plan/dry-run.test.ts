// The solver's dry run against real bed roots with the machine's zypper: the plan, its problems, and a host root left unchanged.
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { computePlan } from '../../../entrypoint/plan/dry-run.js';
import { packageNames } from '../../../entrypoint/plan/types.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { installExtraPackages, LEGACY_AGENT } from '../../bed/extra-package.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { mountsUnder, treeHash } from '../../helpers/host-root.js';
import { bedSuite } from '../../helpers/bed-suite.js';

const test = bedSuite('plan dry run');
const exec = new Exec(createLogger({ consoleFd: null }).log);

test('the dup dry run predicts the bed upgrade and leaves the host root byte-for-byte unchanged', async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  try {
    const before = await treeHash(root);
    const plan = await computePlan({ exec, root, mode: 'dup' });
    assert.is(plan.computed, true, JSON.stringify(plan.errors));
    assert.is(plan.upgrade.length, 15);
    assert.equal(packageNames(plan.install), ['libfoo2', 'python3-demo', 'sle-module-basesystem-release']);
    assert.equal(packageNames(plan.remove), ['python-demo']);
    assert.ok((plan.downloadBytes ?? 0) > 0);
    assert.equal(plan.notes, ['as product-setup will, <register><target> was dropped from SLES.prod (in the view only)']);
    assert.match(plan.command, /^zypper .*dup .*--dry-run/);
    assert.not.match(plan.command, /--root|dms-view|system-root/, 'the command as typed on the host, without the view');
    assert.is(await treeHash(root), before, 'zypper wrote nothing into the host root');
    // Only this test's mounts: other processes on the machine may mount below /tmp meanwhile.
    const views = (await mountsUnder(tmpdir())).filter((m) => m.includes('/dms-view-'));
    assert.equal([...views, ...(await mountsUnder(root))], [], 'the overlay view is gone');
  } finally {
    await removeSystemRoot(root);
  }
});

test("a locked package that blocks the upgrade is a solver problem in the plan, in zypper's words", async (ctx) => {
  const root = await makeSystemRoot({ targetRepoUrl: ctx.url });
  try {
    await installExtraPackages(root, [LEGACY_AGENT]);
    await writeFile(path.join(root, 'etc/zypp/locks'), 'type: package\nmatch_type: glob\nsolvable_name: legacy-agent\n\n');
    const before = await treeHash(root);
    const plan = await computePlan({ exec, root, mode: 'dup' });
    assert.is(plan.computed, false);
    assert.is(plan.problems.length, 1);
    assert.match(plan.problems[0]!, /legacy-agent-3\.1-1\.noarch requires sles-release < 15/);
    assert.is(await treeHash(root), before);
  } finally {
    await removeSystemRoot(root);
  }
});

test('a repository that accepts connections and never answers: the dry run is stopped at its time limit, the plan says why, nothing is left mounted', async () => {
  // A TCP server that takes every connection and never sends a byte (a hung mirror or proxy).
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = await makeSystemRoot({ targetRepoUrl: `http://127.0.0.1:${port}/never/` });
  try {
    const before = await treeHash(root);
    const plan = await computePlan({ exec, root, mode: 'dup', timeoutMs: 4000 });
    assert.is(plan.computed, false);
    assert.equal(plan.errors.length, 1, plan.errors.join('\n'));
    assert.match(plan.errors[0]!, /zypper dup --dry-run\) did not finish within 4 s \(plan_timeout\) and was stopped/);
    assert.ok(held.length > 0, 'zypper did connect to the repository');
    assert.is(await treeHash(root), before);
    const views = (await mountsUnder(tmpdir())).filter((m) => m.includes('/dms-view-'));
    assert.equal([...views, ...(await mountsUnder(root))], []);
  } finally {
    for (const socket of held) socket.destroy();
    server.close();
    await removeSystemRoot(root);
  }
});

test.run();
