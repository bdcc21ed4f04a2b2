// Host paths resolve inside the host root: the directories of a path follow the root's own links (absolute ones
// re-rooted), never the container's and never out of the root; the last component is left as it is.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { onHost, resolveInRootSync } from '../../entrypoint/paths.js';

/**
 * A root with the links of SLES 12, 15 and 16 systems (/var/run and /var/lock into /run, os-release in /usr/lib,
 * netconfig's resolv.conf, issue-generator's /run/issue), absolute and relative, and an administrator's
 * /var/log moved to /srv/log.
 */
async function slesLayout(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-paths-'));
  for (const dir of ['etc', 'var', 'run/lock', 'run/netconfig', 'usr/lib', 'srv/log'])
    await mkdir(path.join(root, dir), { recursive: true });
  await symlink('/run', path.join(root, 'var/run'));
  await symlink('../run/lock', path.join(root, 'var/lock'));
  await symlink('../usr/lib/os-release', path.join(root, 'etc/os-release'));
  await writeFile(path.join(root, 'usr/lib/os-release'), 'NAME="SLES"\nVERSION_ID="15.7"\n');
  await symlink('/run/netconfig/resolv.conf', path.join(root, 'etc/resolv.conf'));
  await symlink('/run/issue', path.join(root, 'etc/issue'));
  await symlink('/srv/log', path.join(root, 'var/log'));
  return root;
}

test('the directories of a host path follow the links of the root: /var/run, /var/lock, a moved /var/log', async () => {
  const root = await slesLayout();
  assert.is(onHost(root, '/var/run/dms.pid'), path.join(root, 'run/dms.pid'));
  assert.is(onHost(root, '/var/lock/dms'), path.join(root, 'run/lock/dms'));
  assert.is(onHost(root, '/var/log/distro_migration.log'), path.join(root, 'srv/log/distro_migration.log'));
  // A path whose directories hold no link is where it says.
  assert.is(onHost(root, '/etc/zypp/zypp.conf'), path.join(root, 'etc/zypp/zypp.conf'));
  await rm(root, { recursive: true });
});

test('the last component is not followed: a link stays the link (lstat semantics); resolveInRootSync follows it inside the root', async () => {
  const root = await slesLayout();
  assert.is(onHost(root, '/etc/resolv.conf'), path.join(root, 'etc/resolv.conf'));
  assert.is(onHost(root, '/etc/issue'), path.join(root, 'etc/issue'));
  assert.is(resolveInRootSync(root, '/etc/resolv.conf'), '/run/netconfig/resolv.conf');
  assert.is(resolveInRootSync(root, '/etc/issue'), '/run/issue');
  assert.is(resolveInRootSync(root, '/etc/os-release'), '/usr/lib/os-release');
  assert.is(resolveInRootSync(root, '/var/log'), '/srv/log');
  assert.is(resolveInRootSync(root, '/var/log', false), '/var/log');
  await rm(root, { recursive: true });
});

test('nothing leaves the root: .. in the path or in a link target stops at the root; a link loop is an error', async () => {
  const root = await slesLayout();
  assert.is(onHost(root, '../../etc/passwd'), path.join(root, 'etc/passwd'));
  await symlink('../../../../../../..', path.join(root, 'etc/up'));
  assert.is(onHost(root, '/etc/up/etc/shadow'), path.join(root, 'etc/shadow'));
  await symlink('/', path.join(root, 'etc/top'));
  assert.is(onHost(root, '/etc/top/etc/top/var/run/x'), path.join(root, 'run/x'));
  await symlink('/etc/loop2', path.join(root, 'etc/loop1'));
  await symlink('/etc/loop1', path.join(root, 'etc/loop2'));
  assert.throws(() => onHost(root, '/etc/loop1/x'), /too many levels of symbolic links at \/etc\/loop[12]/);
  await rm(root, { recursive: true });
});

test('missing parts are taken as they are (like readlink -m): a path to create later', async () => {
  const root = await slesLayout();
  assert.is(onHost(root, '/var/lib/dms/journal.json'), path.join(root, 'var/lib/dms/journal.json'));
  assert.is(onHost(root, '/var/run/missing/dir/file'), path.join(root, 'run/missing/dir/file'));
  await rm(root, { recursive: true });
});

test.run();
