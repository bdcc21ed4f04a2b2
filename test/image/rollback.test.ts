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
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { execa } from 'execa';

const test = suite<{ served?: Served; btrfs?: BtrfsRoot }>('rollback on btrfs with snapper');

test.after(async (ctx) => {
  await ctx.served?.close();
  await ctx.btrfs?.remove();
});

test('real btrfs + real snapper: a failed migration leaves a pre snapshot; rollback makes a copy of it the default subvolume; a SLE 16 run (stand-in grub2-mkconfig) adds the post snapshot', async (ctx) => {
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
  assert.match(
    log,
    /Calling: chroot \/system-root snapper --no-dbus create --read-only --type single/,
    log
      .split('\n')
      .filter((l) => /snap|btrfs/.test(l))
      .join('\n'),
  );
  assert.match(log, /snapshot 1 holds the host as it was before the migration/);
  assert.match(log, /run the image with `rollback` \(migrate --rollback\): it makes snapshot 1 the default; then reboot/);
  assert.is((await readIn(root, 'var/cache/dms/pre_migration_snapshot_number')).trim(), '1');
  assert.is(JSON.parse(await readIn(root, 'var/lib/dms/journal.json')).preSnapshot, 1);
  assert.not.match(await readIn(root, 'etc/products.d/SLES.prod'), /<target>/, 'the migration edited the product file');
  assert.equal(
    (await mountsUnder(root)).filter((m) => m !== root),
    [],
    'the /proc bind for snapper was released',
  );

  const rolled = await run(['rollback']);
  assert.is(rolled.exitCode, 0, rolled.output);
  assert.match(
    rolled.output,
    /Rolled back: a read-write copy of snapshot 1 .* is now the default subvolume\. Reboot the host to start it\./,
  );
  const defaultAfter = await defaultSubvolume(root);
  assert.is.not(defaultAfter, defaultBefore);
  assert.match(defaultAfter, /^@\/\.snapshots\/\d+\/snapshot$/);
  // What the host boots next: the system as it was before the migration.
  const next = path.join(root, defaultAfter.replace(/^@\//, ''));
  assert.is(await readIn(next, 'etc/products.d/SLES.prod'), productBefore);
  assert.is(await readIn(next, 'etc/issue'), issueBefore, 'the snapshot was taken before the /etc/issue pointer');
  assert.equal(await rpmPackages(next), await rpmPackages(root));
  assert.equal(
    (await mountsUnder(root)).filter((m) => m !== root),
    [],
  );

  // The fault removed, a SLE 16 target (declared by the image's environment) also takes the post snapshot.
  await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile(ctx.served.url));
  // What the SLE 16 grub steps act on: a GRUB 2 setup, with the grub2-mkconfig stand-in in the root.
  await mkdir(path.join(root, 'etc/default'), { recursive: true });
  await writeFile(path.join(root, 'etc/default/grub'), 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
  await copyFile(path.resolve(import.meta.dirname, '../standins/grub2-mkconfig'), path.join(root, 'usr/sbin/grub2-mkconfig'));
  // A SLES 12 root stands in for the SLE 16 source here (only the snapshots matter): the path check is waived.
  await writeFile(
    path.join(root, 'etc/sle-migration-service.yml'),
    'waivers:\n  - {id: supported-path, reason: rollback test runs a SLE 16 target on a SLES 12 bed root}\n',
  );
  const sle16 = await runImage({
    root,
    logDir: path.join(root, 'var/log'),
    args: ['run', '--use-zypper-dup'],
    env: { DMS_TARGET_VERSION_ID: '16.0' },
  });
  assert.is(sle16.exitCode, 0, sle16.output.slice(-3000));
  const log16 = await readIn(root, 'var/log/distro_migration.log');
  assert.match(log16, /starting a new run \(no earlier run\)/, 'the rolled-back journal is not continued');
  const pre = /snapshot (\d+) holds the host as it was before the migration/g;
  const pres = [...log16.matchAll(pre)].map((m) => Number(m[1]));
  const post = /snapshot (\d+) holds the migrated host/.exec(log16);
  assert.ok(post, 'btrfs-snapshot-post ran');
  assert.ok(Number(post![1]) > pres.at(-1)!, `post ${post![1]} after pre ${pres.at(-1)}`);
  const { stdout: list } = await execa('btrfs', ['subvolume', 'list', '-o', path.join(root, '.snapshots')]);
  assert.match(list, new RegExp(`\\.snapshots/${post![1]}/snapshot`), 'the post snapshot is a real subvolume');
  assert.match(await readIn(root, `.snapshots/${post![1]}/info.xml`), /after offline migration/);
  assert.match(await readIn(root, `.snapshots/${pres.at(-1)}/info.xml`), /before offline migration/);
});

test.run();
