// Rollback on a real btrfs file system with real snapper: the failed migration's pre snapshot becomes the default subvolume.
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../bed/repos.js';
import { serveDirectory, type Served } from '../bed/repo-server.js';
import { targetRepoFile, TARGET_REPO_FILE } from '../bed/system-root.js';
import { defaultSubvolume, makeBtrfsRoot, readIn, type BtrfsRoot } from '../helpers/btrfs-root.js';
import { mountsUnder, rpmPackages } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';
import { writeFile } from 'node:fs/promises';

const test = suite<{ served?: Served; btrfs?: BtrfsRoot }>('rollback on btrfs with snapper');

test.after(async (ctx) => {
  await ctx.served?.close();
  await ctx.btrfs?.remove();
});

test('real btrfs + real snapper: a failed migration leaves a pre snapshot; rollback makes a copy of it the default subvolume', async (ctx) => {
  ctx.served = await serveDirectory((await ensureRepos()).sles15);
  ctx.btrfs = await makeBtrfsRoot(ctx.served.url);
  const { root } = ctx.btrfs;
  const productBefore = await readIn(root, 'etc/products.d/SLES.prod');
  const issueBefore = await readIn(root, 'etc/issue');
  const defaultBefore = await defaultSubvolume(root);
  // The fault: the target repository cannot be reached.
  await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile('http://127.0.0.1:9/gone/'));
  const run = (args: string[]) => runImage({ root, logDir: path.join(root, 'var/log'), args });

  const failed = await run(['run', '--use-zypper-dup']);
  assert.is(failed.exitCode, 1, failed.output);
  const log = await readIn(root, 'var/log/distro_migration.log');
  assert.match(log, /Calling: chroot \/system-root snapper --no-dbus create --read-only --type single/, log.split("\n").filter((l) => /snap|btrfs/.test(l)).join("\n"));
  assert.match(log, /snapshot 1 holds the host as it was before the migration/);
  assert.match(log, /run the image with `rollback` \(migrate --rollback\): it makes snapshot 1 the default; then reboot/);
  assert.is((await readIn(root, 'var/cache/dms/pre_migration_snapshot_number')).trim(), '1');
  assert.is(JSON.parse(await readIn(root, 'var/lib/dms/journal.json')).preSnapshot, 1);
  assert.not.match(await readIn(root, 'etc/products.d/SLES.prod'), /<target>/, 'the migration edited the product file');
  assert.equal((await mountsUnder(root)).filter((m) => m !== root), [], 'the /proc bind for snapper was released');

  const rolled = await run(['rollback']);
  assert.is(rolled.exitCode, 0, rolled.output);
  assert.match(rolled.output, /Rolled back: a read-write copy of snapshot 1 .* is now the default subvolume\. Reboot the host to start it\./);
  const defaultAfter = await defaultSubvolume(root);
  assert.is.not(defaultAfter, defaultBefore);
  assert.match(defaultAfter, /^@\/\.snapshots\/\d+\/snapshot$/);
  // What the host boots next: the system as it was before the migration.
  const next = path.join(root, defaultAfter.replace(/^@\//, ''));
  assert.is(await readIn(next, 'etc/products.d/SLES.prod'), productBefore);
  assert.is(await readIn(next, 'etc/issue'), issueBefore, 'the snapshot was taken before the /etc/issue pointer');
  assert.equal(await rpmPackages(next), await rpmPackages(root));
  assert.equal((await mountsUnder(root)).filter((m) => m !== root), []);
});

test.run();
