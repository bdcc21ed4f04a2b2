// Which disk holds the host root, and its /dev/disk/by-id name (Azure).
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { byIdLink, diskFromLsblk, mountSource } from '../../../entrypoint/system/block-device.js';

test('mountSource cuts the btrfs subvolume suffix and ignores non-device sources', () => {
  assert.is(mountSource('/dev/sda2[/@/.snapshots/1/snapshot]\n'), '/dev/sda2');
  assert.is(mountSource('/dev/vda\n'), '/dev/vda');
  assert.is(mountSource('overlay\n'), undefined);
  assert.is(mountSource(''), undefined);
});

test('diskFromLsblk takes the first disk or raid row of the inverse tree', () => {
  assert.is(diskFromLsblk('/dev/sda2 part\n/dev/sda disk\n'), '/dev/sda');
  assert.is(diskFromLsblk('/dev/mapper/root lvm\n/dev/md0 raid1\n/dev/sda1 part\n/dev/sda disk\n'), '/dev/md0');
  assert.is(diskFromLsblk('/dev/loop0 loop\n'), undefined);
});

test('byIdLink returns the first sorted link that resolves to the node', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'by-id-'));
  try {
    await writeFile(path.join(dir, 'sda'), '');
    await writeFile(path.join(dir, 'sdb'), '');
    await symlink(path.join(dir, 'sdb'), path.join(dir, 'ata-other'));
    await symlink(path.join(dir, 'sda'), path.join(dir, 'wwn-0x5000'));
    await symlink(path.join(dir, 'sda'), path.join(dir, 'scsi-3600'));
    assert.is(await byIdLink(path.join(dir, 'sda'), dir), path.join(dir, 'scsi-3600'));
    assert.is(await byIdLink(path.join(dir, 'sdc'), dir), undefined);
    assert.is(await byIdLink(path.join(dir, 'sda'), path.join(dir, 'missing')), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
