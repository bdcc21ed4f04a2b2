// Tests of the xfs-v4 check with real XFS v4 and v5 file system images.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { xfsFinding, xfsV4 } from '../../../entrypoint/checks/xfs-v4.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

/** A real XFS file system in an image file (mkfs.xfs from xfsprogs; xfs_info reads image files). */
async function xfsImage(crc: 0 | 1): Promise<{ file: string; done: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-xfs-'));
  const file = path.join(dir, 'fs.img');
  await execa('truncate', ['-s', '300M', file]);
  await execa('mkfs.xfs', [
    '-q',
    '-m',
    `crc=${crc}`,
    ...(crc === 0 ? ['-i', 'sparse=0', '-m', 'finobt=0,rmapbt=0,reflink=0,bigtime=0,inobtcount=0'] : []),
    file,
  ]);
  return { file, done: () => rm(dir, { recursive: true, force: true }) };
}

test('an XFS v4 file system (crc=0) is reported by xfs_info', async () => {
  const img = await xfsImage(0);
  const root = await makeRoot();
  const finding = await xfsFinding(checkContext(root).exec, img.file);
  assert.is(finding.ok, false, JSON.stringify(finding));
  assert.match(finding.evidence[0]!, /XFS v4 \(crc=0\)/);
  await img.done();
  await removeRoot(root);
});

test('an XFS v5 file system passes, and so does a root that is not XFS', async () => {
  const img = await xfsImage(1);
  const root = await makeRoot({ '/etc/fstab': '' });
  assert.is((await xfsFinding(checkContext(root).exec, img.file)).ok, true);
  const finding = await xfsV4.run(checkContext(root));
  assert.ok(finding.ok && /the root file system is (?!xfs)/.test(finding.evidence[0]!), JSON.stringify(finding));
  await img.done();
  await removeRoot(root);
});

test.run();
