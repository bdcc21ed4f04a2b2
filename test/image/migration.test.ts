// Image tests: the real image migrates synthetic SLES 12 SP5 roots with real zypper and rpm, in podman.
import { mkdir, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { dupSuite } from '../helpers/dup-bed.js';
import { exists, mountsUnder, readText, rpmPackages, treeHash, undocumentedLogLines } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';
import { fileStates, rpmOwned, unkeptChanges } from '../helpers/host-changes.js';

const ISSUE_POINTER = 'Migration has failed, for further details see /var/log/distro_migration.log';
const test = dupSuite('migration image');

function migrate(root: string, args: string[] = ['run', '--use-zypper-dup']) {
  return runImage({ root, logDir: path.join(root, 'var/log'), args });
}

test('dup mode migrates a SLES 12 SP5 root to SLES 15 SP7 and releases its mounts', async ({ bed }) => {
  const root = await bed.root();
  const before = await rpmPackages(root);
  assert.is(before.get('sles-release')?.startsWith('12.5'), true, 'the fixture starts on 12.5');
  const filesBefore = await fileStates(root);
  const rpmBefore = await rpmOwned(root);

  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 0, output);
  assert.equal(await unkeptChanges(root, filesBefore, rpmBefore), [], 'every change outside rpm is recorded, its original kept');
  assert.equal(await undocumentedLogLines(root), [], 'every JSON log line is a documented event (docs/log-events.md)');

  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
  assert.match(await readText(root, '/etc/products.d/SLES.prod'), /<version>15\.7<\/version>/);
  const after = await rpmPackages(root);
  assert.ok(after.get('sles-release')?.startsWith('15.7'), `sles-release ${after.get('sles-release')}`);
  assert.ok(after.has('python3-demo') && !after.has('python-demo'), 'the renamed package replaced the old one');
  assert.ok(await exists(root, '/etc/demo.conf.rpmnew'), 'the user-changed noreplace config file got a .rpmnew');
  assert.ok(await exists(root, '/etc/demo-strict.conf.rpmsave'), 'the user-changed replaceable config file was saved as .rpmsave');
  assert.match(
    await readText(root, '/var/lib/demo-scriptlets.log'),
    /^post demo-scriptlets 2\.0 2$/m,
    'the new package scriptlets ran in the root',
  );
  assert.match(
    await readText(root, '/var/lib/dms/backup/etc/products.d/SLES.prod'),
    /<target>sle-12-x86_64<\/target>/,
    'the original product is backed up',
  );

  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /Calling: zypper --no-cd --non-interactive --gpg-auto-import-keys --xmlout --root \/system-root dup/);
  // zypper's --xmlout is read into the human log as the text it carries: no XML in it.
  assert.match(log, /\[upgrade\] {3}\| \( 1\/18\) Installing: filesystem-15\.7-/);
  assert.not.match(log, /\| <(progress|message|download)\b/);
  assert.match(log, /\[finish\] released 2 mount\(s\); none left/);
  assert.match(log, /Migration succeeded: the host now has SUSE Linux Enterprise Server 15 SP7/);
  const json = (await readText(root, '/var/log/distro_migration.jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const ends = json.filter((r) => r.event === 'step.end').map((r) => `${r.step}:${r.status}`);
  assert.equal(ends, ['pre-checks-fix:succeeded', 'prepare:succeeded', 'product-setup:succeeded', 'upgrade:succeeded', 'finish:succeeded']);
  assert.ok(json.some((r) => r.event === 'cmd.end' && typeof r.durationMs === 'number' && r.exitCode === 0));
  // Progress events for tools that follow the run: the plan's counts, then n of N installs up to 100%.
  const progress = json.filter((r) => r.event === 'progress');
  assert.ok(
    progress.some((r) => r.phase === 'plan' && r.upgrade === 15 && r.install === 3 && r.remove === 1),
    JSON.stringify(progress.slice(0, 3)),
  );
  assert.ok(progress.some((r) => r.phase === 'install' && r.percent === 100));
  assert.ok(progress.some((r) => r.phase === 'install' && r.done === 1 && r.total === 18));
  assert.not.match(log, /progress \{/, 'progress records stay out of the human log');
  // The result summary: the human block in the log and on the console, and one JSON event with the same facts.
  assert.match(
    log,
    /INFO {2}Migration summary: SUCCEEDED\n {30,}system: {3}SUSE Linux Enterprise Server 12 SP5 -> SUSE Linux Enterprise Server 15 SP7\n {30,}packages: 15 upgraded, 3 new \(/,
  );
  assert.match(log, /^ {30,}upgrade +succeeded \d+\.\d s$/m);
  assert.match(log, /^ {30,}result: {3}exit code 0 \(\/var\/log\/distro_migration\.exitcode\)$/m);
  assert.match(output, /Migration summary: SUCCEEDED/);
  const summary = json.find((r) => r.event === 'migration.summary')?.summary as Record<string, unknown> | undefined;
  const added = [...after.keys()].filter((name) => !before.has(name)).sort();
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
  const upgraded = [...after].filter(([name, version]) => before.has(name) && before.get(name) !== version).length;
  assert.equal(
    summary?.packages,
    { upgraded, added, removed, before: before.size, after: after.size },
    'the counts agree with rpm -qa of the root',
  );
  assert.equal(
    ((summary?.steps ?? []) as Array<{ id: string; status: string }>).map((st) => `${st.id}:${st.status}`),
    ['btrfs-snapshot-pre:skipped', ...ends],
  );
  assert.is(summary?.exitCode, 0);
  assert.is(summary?.after, 'SUSE Linux Enterprise Server 15 SP7');
  assert.not.match(await readText(root, '/etc/issue'), /Migration has failed/);
  assert.equal(await mountsUnder(root), []);
});

test('an unreachable target repository fails the run, leaves the packages and a pointer; a re-run then completes', async ({ bed }) => {
  const root = await bed.root('http://127.0.0.1:9/unreachable/');
  const before = await rpmPackages(root);
  const issueBefore = await readText(root, '/etc/issue');

  const failed = await migrate(root);
  assert.is(failed.exitCode, 1, failed.output);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER);
  assert.equal(await rpmPackages(root), before, 'no package changed');
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /\[upgrade\] upgrade failed: Migration failed with: zypper dup exit code 106/);
  assert.match(log, /hint: check that the target repositories/);
  assert.match(log, /released 2 mount\(s\); none left/);
  assert.match(log, /Migration summary: FAILED\n.*\n {30,}packages: 0 upgraded, 0 new, 0 removed/);
  assert.match(log, /^ {30,}failed: {3}upgrade: Migration failed with: zypper dup exit code 106/m);
  assert.match(log, /^ {30,}hint: {5}check that the target repositories/m);
  assert.match(log, /^ {30,}finish +succeeded/m);
  assert.equal(await mountsUnder(root), []);

  // The user fixes the repository and runs again: it completes and puts /etc/issue back.
  const repoFile = path.join(root, 'etc/zypp/repos.d/SLES15-SP7.repo');
  await writeFile(
    repoFile,
    (await readText(root, '/etc/zypp/repos.d/SLES15-SP7.repo')).replace('http://127.0.0.1:9/unreachable/', bed.repoUrl),
  );
  const again = await migrate(root);
  assert.is(again.exitCode, 0, again.output);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');
  assert.is(await readText(root, '/etc/issue'), issueBefore);
  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
});

test('a corrupt host configuration is refused in one line before anything on the host changes', async ({ bed }) => {
  const root = await bed.root();
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'debug: true\nbut:this is horribly broken!\n');
  const hash = await treeHash(root);
  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 2, output);
  const lines = output.trim().split('\n');
  assert.is(lines.length, 1, output);
  assert.match(lines[0]!, /^dms: config error in \/system-root\/etc\/sle-migration-service\.yml: YAML syntax error at line 2, column 1/);
  assert.is(await treeHash(root), hash, 'the host root is byte-for-byte unchanged');
});

test('a bad --product is a usage error and changes nothing', async ({ bed }) => {
  const root = await bed.root();
  const hash = await treeHash(root);
  const { exitCode, output } = await migrate(root, ['run', '--product', 'SLES/15.7;reboot']);
  assert.is(exitCode, 2, output);
  assert.match(output, /is not NAME\/VERSION\/ARCH/);
  assert.is(await treeHash(root), hash);
});

test('a second migration is refused while another holds the host lock, and the root stays unchanged', async ({ bed }) => {
  const root = await bed.root();
  await mkdir(path.join(root, 'var/lib/dms'), { recursive: true });
  // Another run, as the kernel sees it: a process holding an flock on the host's lock file.
  const holder = execa(
    'flock',
    [
      '--no-fork',
      path.join(root, 'var/lib/dms/migration.lock'),
      process.execPath,
      '-e',
      "console.log('locked'); setTimeout(() => {}, 60000)",
    ],
    { reject: false, stdin: 'ignore', stderr: 'ignore' },
  );
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  try {
    const hash = await treeHash(root);
    const { exitCode, output } = await migrate(root);
    assert.is(exitCode, 3, output);
    assert.match(output, /^dms: another migration is running on this host/);
    assert.is(await treeHash(root), hash);
  } finally {
    holder.kill();
    await holder;
  }
});

test.run();
