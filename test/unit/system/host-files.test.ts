// The door to the host's files on synthetic roots: originals kept byte for byte (once), every change recorded,
// links resolved inside the root, and the printed restore commands put the tree back as it was.
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { restoreCommands } from '../../../entrypoint/run/recovery.js';
import { type FileChange, HostFiles, resolveInRoot } from '../../../entrypoint/system/host-files.js';
import { treeHash } from '../../helpers/host-root.js';

async function root(files: Record<string, string | { link: string }> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-door-'));
  for (const [p, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    if (typeof content === 'string') await writeFile(path.join(dir, p), content);
    else await symlink(content.link, path.join(dir, p));
  }
  return dir;
}

function door(dir: string, createdEarlier: string[] = []) {
  const changes: FileChange[] = [];
  const files = new HostFiles(
    dir,
    (c) => {
      changes.push(c);
    },
    createdEarlier,
  );
  return { files, changes };
}

const read = (dir: string, p: string) => readFile(path.join(dir, p), 'utf8');
/** The program's own bookkeeping, left out when comparing a tree with its state before. */
const OWN = ['var/lib/dms'];

test('the first write keeps the original byte for byte; a later write (or run) keeps that first original', async () => {
  const dir = await root({ 'etc/default/grub': 'GRUB_CMDLINE_LINUX="security=apparmor"\n' });
  const { files, changes } = door(dir);
  await files.write('/etc/default/grub', 'GRUB_CMDLINE_LINUX="security=selinux"\n');
  await files.write('/etc/default/grub', 'third\n');
  assert.is(await read(dir, 'var/lib/dms/backup/etc/default/grub'), 'GRUB_CMDLINE_LINUX="security=apparmor"\n');
  assert.is(await read(dir, 'etc/default/grub'), 'third\n');
  assert.is(changes.length, 2);
  assert.equal(
    changes.map((c) => [c.path, c.action, c.backup]),
    [
      ['/etc/default/grub', 'write', '/var/lib/dms/backup/etc/default/grub'],
      ['/etc/default/grub', 'write', '/var/lib/dms/backup/etc/default/grub'],
    ],
  );
  assert.match(changes[0]!.before, /^sha256:[0-9a-f]{64}$/);
  assert.is(changes[0]!.after, changes[1]!.before, 'each change starts where the last one ended');
  // A new session (a re-run) does not replace the first run's original.
  await door(dir).files.write('/etc/default/grub', 'fourth\n');
  assert.is(await read(dir, 'var/lib/dms/backup/etc/default/grub'), 'GRUB_CMDLINE_LINUX="security=apparmor"\n');
});

test('an edit that changes nothing writes nothing and keeps nothing; a new file has no original but is recorded', async () => {
  const dir = await root({ 'etc/pam.d/login': 'auth required pam_unix.so\n' });
  const { files, changes } = door(dir);
  assert.is(await files.edit('/etc/pam.d/login', (t) => t), false);
  assert.equal(changes, []);
  await files.write('/etc/NetworkManager/system-connections/eth0.nmconnection', '[connection]\n', { mode: 0o600 });
  assert.equal(
    changes.map((c) => [c.path, c.before, c.backup]),
    [['/etc/NetworkManager/system-connections/eth0.nmconnection', 'absent', undefined]],
  );
  const { stdout } = await execa('stat', ['-c', '%a', path.join(dir, 'etc/NetworkManager/system-connections/eth0.nmconnection')]);
  assert.is(stdout.trim(), '600');
});

test('a rewrite keeps the mode of the file it replaces', async () => {
  const dir = await root({ 'etc/sudoers.d/x': 'a\n' });
  await execa('chmod', ['440', path.join(dir, 'etc/sudoers.d/x')]);
  await door(dir).files.write('/etc/sudoers.d/x', 'b\n');
  assert.is((await execa('stat', ['-c', '%a', path.join(dir, 'etc/sudoers.d/x')])).stdout.trim(), '440');
  assert.is((await execa('stat', ['-c', '%a', path.join(dir, 'var/lib/dms/backup/etc/sudoers.d/x')])).stdout.trim(), '440');
});

test('paths resolve inside the root: absolute, relative and chained links never reach the container', async () => {
  const dir = await root({
    'usr/share/ca/a.pem': 'A',
    'etc/pki/trust/anchors/abs.pem': { link: '/usr/share/ca/a.pem' },
    'etc/pki/trust/anchors/rel.pem': { link: '../../../../usr/share/ca/a.pem' },
    'etc/pki/trust/anchors/chain.pem': { link: 'abs.pem' },
    'etc/resolv.conf': { link: '/run/netconfig/resolv.conf' },
    'run/netconfig/resolv.conf': 'nameserver 10.0.0.1\n',
  });
  const { files, changes } = door(dir);
  const want = path.join(dir, 'usr/share/ca/a.pem');
  for (const name of ['abs', 'rel', 'chain']) assert.is(await files.resolve(`/etc/pki/trust/anchors/${name}.pem`), want, name);
  assert.is(await files.read('/etc/resolv.conf'), 'nameserver 10.0.0.1\n', "not the container's /run");
  await files.write('/etc/resolv.conf', 'nameserver 10.0.0.2\n');
  assert.is(await read(dir, 'run/netconfig/resolv.conf'), 'nameserver 10.0.0.2\n', 'written where the host has it');
  assert.is(await readlink(path.join(dir, 'etc/resolv.conf')), '/run/netconfig/resolv.conf', 'the link stays a link');
  assert.equal(
    changes.map((c) => c.path),
    ['/run/netconfig/resolv.conf'],
  );
  assert.is(await read(dir, 'var/lib/dms/backup/run/netconfig/resolv.conf'), 'nameserver 10.0.0.1\n');
});

test('remove, move, symlink, mkdir and a program run through around(): the printed commands put the tree back', async () => {
  const dir = await root({
    'etc/sysconfig/network/ifcfg-eth0': "BOOTPROTO='dhcp'\n",
    'etc/sysconfig/network/config': 'NETCONFIG_DNS_POLICY="auto"\n',
    'etc/resolv.conf': 'nameserver 192.0.2.1\n',
    'etc/systemd/system/multi-user.target.wants/wicked.service': { link: '/usr/lib/systemd/system/wicked.service' },
    'etc/default/grub': 'GRUB_TIMEOUT=8\n',
    'var/lib/zypp/AutoInstalled': '',
  });
  const before = await treeHash(dir);
  const { files, changes } = door(dir);
  await files.move('/etc/resolv.conf', '/etc/resolv.conf.static');
  await files.symlink('resolv.conf.static', '/etc/resolv.conf');
  await files.remove('/etc/sysconfig/network');
  await files.mkdir('/var/migration/2026-12-05-10:00', { mode: 0o700 });
  await files.write('/var/migration/2026-12-05-10:00/note', 'moved\n');
  await files.around(['/etc/systemd/system'], () =>
    execa('sh', [
      '-c',
      `rm ${dir}/etc/systemd/system/multi-user.target.wants/wicked.service && ln -s /dev/null ${dir}/etc/systemd/system/wicked.service`,
    ]),
  );
  await files.edit('/etc/default/grub', (t) => t.replace('8', '3'));
  assert.not.equal(await treeHash(dir, OWN), before);
  assert.ok(
    changes.every((c) => c.before === 'absent' || c.backup),
    'every change of an existing path has its original kept',
  );

  for (const command of restoreCommands(changes, dir)) await execa('sh', ['-c', command]);
  assert.is(await treeHash(dir, OWN), before, 'the tree is as it was before, byte for byte');
});

test('around() records nothing when the program changed nothing, and a path an earlier run created has no original', async () => {
  const dir = await root({ 'etc/corosync/corosync.conf': 'totem {}\n', 'etc/NetworkManager/x': 'created by run 1\n' });
  const { files, changes } = door(dir, ['/etc/NetworkManager/x']);
  await files.around(['/etc/corosync'], () => execa('true'));
  assert.equal(changes, []);
  await files.write('/etc/NetworkManager/x', 'run 2\n');
  assert.is(changes[0]?.backup, undefined, 'no "original" of what the migration itself created');
  await rm(dir, { recursive: true, force: true });
});

test('unchangedAfter puts bookkeeping back; writeState neither keeps nor records', async () => {
  const dir = await root({ 'var/lib/zypp/AutoInstalled': 'a\n' });
  const { files, changes } = door(dir);
  await files.unchangedAfter(['/var/lib/zypp/AutoInstalled', '/run/zypp.pid'], async () => {
    await writeFile(path.join(dir, 'var/lib/zypp/AutoInstalled'), 'b\n');
    await mkdir(path.join(dir, 'run'), { recursive: true });
    await writeFile(path.join(dir, 'run/zypp.pid'), '1\n');
  });
  assert.is(await read(dir, 'var/lib/zypp/AutoInstalled'), 'a\n');
  await files.writeState('/var/cache/dms/marker', '7\n');
  assert.equal(changes, []);
  assert.is(await files.readOptional('/run/zypp.pid'), undefined);
  assert.is(await files.readOptional('/var/lib/dms/backup/var/cache/dms/marker'), undefined);
});

test('symlinks resolve inside the root (absolute targets re-rooted, missing parts tolerated, loops refused)', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-resolv-'));
  await mkdir(path.join(root, 'etc'));
  await mkdir(path.join(root, 'run'));
  await symlink('/run/netconfig/resolv.conf', path.join(root, 'etc/resolv.conf'));
  assert.is(await resolveInRoot(root, '/etc/resolv.conf'), '/run/netconfig/resolv.conf');
  await symlink('../run/nm', path.join(root, 'etc/nm'));
  await symlink('/run/NetworkManager', path.join(root, 'run/nm'));
  assert.is(await resolveInRoot(root, '/etc/nm/resolv.conf'), '/run/NetworkManager/resolv.conf');
  await writeFile(path.join(root, 'etc/plain'), '');
  assert.is(await resolveInRoot(root, '/etc/plain'), '/etc/plain');
  await symlink('loop', path.join(root, 'etc/loop'));
  await resolveInRoot(root, '/etc/loop').then(
    () => assert.unreachable('a loop must fail'),
    (err: Error) => assert.match(err.message, /too many levels/),
  );
});

test.run();
