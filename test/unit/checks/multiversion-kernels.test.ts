// Tests of the multiversion-kernels check and its fix: zypp.conf, and real rpm on a bed root with two kernels.
import { readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import { buildExtraRepo } from '../../bed/extra-package.js';
import type { PackageDef } from '../../bed/model.js';
import { bedEnv } from '../../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { installedPackages, rpm } from '../../bed/zypper.js';
import * as assert from 'uvu/assert';
import { kernelVersion, multiversionKernels } from '../../../entrypoint/checks/multiversion-kernels.js';
import { checkContext, fixContextOf, makeRoot, removeRoot } from '../../helpers/check-root.js';

const CONF = '[main]\n# keep kernels\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = latest,latest-1,running\n';

test('multiversion kernels kept beyond latest and running are reported, and --fix corrects zypp.conf', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': CONF });
  const ctx = checkContext(root);
  const finding = await multiversionKernels.run(ctx);
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /multiversion\.kernels = latest,latest-1,running/);
  assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), ['set multiversion.kernels = latest,running in /etc/zypp/zypp.conf']);
  assert.match(await readFile(path.join(root, 'etc/zypp/zypp.conf'), 'utf8'), /^multiversion\.kernels = latest,running$/m);
  assert.is((await multiversionKernels.run(ctx)).ok, true, 'passes after the fix');
  await removeRoot(root);
});

test('zypp.conf with latest,running (or without multiversion) passes and --fix changes nothing', async () => {
  const root = await makeRoot({
    '/etc/zypp/zypp.conf': '[main]\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = running, latest\n',
  });
  const ctx = checkContext(root);
  assert.is((await multiversionKernels.run(ctx)).ok, true);
  assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
  await removeRoot(root);
});

/** A second, newer SLES 12 kernel, installed next to the bed's own (as a multiversion kernel update does). */
const NEWER_KERNEL: PackageDef = {
  name: 'kernel-default',
  version: '4.12.14',
  release: '122.40.1',
  summary: 'The kernel (stub), newer',
  noarch: true,
  provides: ['multiversion(kernel)', 'kernel-uname-r(4.12.14-122.40-default)'],
  files: [
    { kind: 'file', path: '/boot/vmlinuz-4.12.14-122.40-default', content: 'fake kernel\n' },
    { kind: 'dir', path: '/lib/modules/4.12.14-122.40-default' },
  ],
};

test('kernel versions come from the vmlinuz link target and uname -r', () => {
  assert.is(kernelVersion('vmlinuz-4.12.14-122.40-default'), '4.12.14-122.40');
  assert.is(kernelVersion('5.14.21-150500.33.29-azure'), '5.14.21-150500.33.29');
  assert.is(kernelVersion(''), undefined);
});

test('two installed kernels are reported; --fix removes the one that is neither linked nor running (real rpm on a bed root)', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
  const home = process.env.HOME;
  try {
    const repo = await buildExtraRepo([NEWER_KERNEL]);
    const rpmFile = path.join(repo, 'noarch', (await readdir(path.join(repo, 'noarch')))[0]!);
    await rpm(root, ['-i', '--force-debian', rpmFile]);
    await symlink('vmlinuz-4.12.14-122.40-default', path.join(root, 'boot/vmlinuz'));
    process.env.HOME = (await bedEnv()).HOME;
    const ctx = checkContext(root);
    const finding = await multiversionKernels.run(ctx);
    assert.is(finding.ok, false);
    assert.equal(finding.evidence, [
      '2 kernel-default packages are installed: kernel-default-4.12.14-122.37.1, kernel-default-4.12.14-122.40.1',
      '--fix removes kernel-default-4.12.14-122.37.1 (keeps the kernel /boot/vmlinuz points to and the running one)',
    ]);
    assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), ['removed the kernel package(s) kernel-default-4.12.14-122.37.1']);
    const kernels = (await installedPackages(root)).filter((p) => p.startsWith('kernel-default-'));
    assert.equal(kernels, ['kernel-default-4.12.14-122.40.1.noarch']);
    assert.is((await multiversionKernels.run(ctx)).ok, true);
  } finally {
    process.env.HOME = home;
    await removeSystemRoot(root);
  }
});

test.run();
