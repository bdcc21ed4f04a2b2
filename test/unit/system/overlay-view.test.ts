import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { viewLayers } from '../../../entrypoint/system/overlay-view.js';

const MOUNTINFO = [
  '100 90 0:50 / /system-root rw,relatime - ext4 /dev/sda2 rw',
  '101 100 0:51 /@/var /system-root/var rw - btrfs /dev/sda3 rw',
  '102 100 0:5 / /system-root/proc rw - proc proc rw',
  '103 100 0:52 / /system-root/run rw - tmpfs tmpfs rw',
  '104 101 0:53 / /system-root/var/lib/my\\040data rw - xfs /dev/sdb1 rw',
  '105 90 0:54 / /system-rootless rw - ext4 /dev/sdc1 rw',
].join('\n');

test('the view covers the root and every real file system below it, shallowest first; kernel file systems are left out', () => {
  assert.equal(viewLayers(MOUNTINFO, '/system-root'), ['/system-root', '/system-root/var', '/system-root/var/lib/my data']);
});

test('a root that is not a mount point of its own still gets one layer', () => {
  assert.equal(viewLayers('', '/tmp/root'), ['/tmp/root']);
});

test.run();
