// Which disk holds the host root, and its /dev/disk/by-id name (Azure): the original's steps and its test outputs.
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { byIdLink, diskFromLsblk, findmntSourceArgv, lsblkParentsArgv, mountSource } from '../../../entrypoint/system/block-device.js';

test("the command lines are the original's (prepare_test.py::test_update_regionsrv_setup)", () => {
  assert.equal(findmntSourceArgv('/system-root'), [
    'findmnt',
    '--first',
    '--noheadings',
    '--output',
    'SOURCE',
    '--mountpoint',
    '/system-root',
  ]);
  assert.equal(lsblkParentsArgv('/dev/sda3'), ['lsblk', '-p', '-n', '-r', '-s', '-o', 'NAME,TYPE', '/dev/sda3']);
});

test("mountSource cuts the btrfs subvolume suffix and passes anything else on, as the original's split('[')[0].strip()", () => {
  // The original test's two findmnt outputs.
  assert.is(mountSource('/dev/sda3[/@/.snapshots/1/snapshot]\n'), '/dev/sda3');
  assert.is(mountSource('dev/sdb7\n'), 'dev/sdb7');
  assert.is(mountSource('/dev/vda\n'), '/dev/vda');
  // Not a block device: lsblk is asked all the same and says so.
  assert.is(mountSource('overlay\n'), 'overlay');
  assert.is(mountSource(''), undefined, 'findmnt printed nothing: the config stays as it is');
  assert.is(mountSource('\n'), undefined);
});

test('diskFromLsblk takes the first row whose type is exactly disk or raid', () => {
  // The original test's two lsblk outputs.
  assert.is(diskFromLsblk('/dev/sda3 part\n/dev/sda disk'), '/dev/sda');
  assert.is(diskFromLsblk('/dev/sdb7 part\n/dev/sdb disk'), '/dev/sdb');
  // An md array is `raid1` to lsblk, not `raid`: the first disk under it is taken, as the original does.
  assert.is(
    diskFromLsblk('/dev/mapper/root lvm\n/dev/md0 raid1\n/dev/sda1 part\n/dev/sda disk\n/dev/sdb1 part\n/dev/sdb disk\n'),
    '/dev/sda',
  );
  assert.is(diskFromLsblk('/dev/x raid\n/dev/sda disk\n'), '/dev/x');
  assert.is(diskFromLsblk('/dev/loop0 loop\n'), undefined);
  assert.is(diskFromLsblk('disk\n\n'), undefined, 'a row needs a name and a type');
});

test('byIdLink: the first sorted symlink resolving to the node as lsblk named it; dot names and regular files are skipped', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'by-id-'));
  try {
    const sda = path.join(dir, 'sda');
    await writeFile(sda, '');
    await writeFile(path.join(dir, 'sdb'), '');
    await symlink(path.join(dir, 'sdb'), path.join(dir, 'ata-other'));
    await symlink(sda, path.join(dir, 'wwn-0x5000'));
    await symlink(sda, path.join(dir, 'scsi-3600'));
    await symlink(sda, path.join(dir, '.hidden'));
    await writeFile(path.join(dir, 'a-regular-file'), '');
    assert.is(await byIdLink(sda, dir), path.join(dir, 'scsi-3600'));
    assert.is(await byIdLink(path.join(dir, 'sdc'), dir), undefined);
    assert.is(await byIdLink(sda, path.join(dir, 'missing')), undefined);
    // The node is compared as given (os.path.realpath(link) == unix_node): an alias of it is not resolved.
    await symlink(sda, path.join(dir, 'alias-of-sda'));
    assert.is(await byIdLink(path.join(dir, 'alias-of-sda'), dir), undefined);
    // A link whose target is missing still names it (Python's realpath does not need the target).
    await symlink('gone', path.join(dir, 'zz-dangling'));
    assert.is(await byIdLink(path.join(dir, 'gone'), dir), path.join(dir, 'zz-dangling'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
