// The solver's dry run against real bed roots with the machine's zypper: the plan, its problems, and a host root left unchanged.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { computePlan } from '../../../entrypoint/plan/dry-run.js';
import { packageNames } from '../../../entrypoint/plan/types.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { installExtraPackages, LEGACY_AGENT } from '../../bed/extra-package.js';
import { ensureRepos } from '../../bed/repos.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { bedHome } from '../../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { mountsUnder, treeHash } from '../../helpers/host-root.js';

const test = suite<{ url: string; close: () => Promise<void>; home?: string }>('plan dry run', { url: '', close: async () => {} });
const exec = new Exec(createLogger({ consoleFd: null }).log);

test.before(async (ctx) => {
  const served = await serveDirectory((await ensureRepos()).sles15);
  ctx.url = served.url;
  ctx.close = served.close;
  // The machine's rpm finds the bed's SUSE-layout database (/var/lib/rpm) through HOME/.rpmmacros, as in the image.
  ctx.home = process.env.HOME;
  process.env.HOME = await bedHome();
});

test.after(async (ctx) => {
  await ctx.close();
  process.env.HOME = ctx.home;
});

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
    assert.is(await treeHash(root), before, 'zypper wrote nothing into the host root');
    assert.equal(await mountsUnder('/tmp'), [], 'the overlay view is gone');
  } finally {
    await removeSystemRoot(root);
  }
});

test('a locked package that blocks the upgrade is a solver problem in the plan, in zypper\'s words', async (ctx) => {
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

test.run();
