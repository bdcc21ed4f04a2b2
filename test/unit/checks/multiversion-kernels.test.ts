// Tests of the multiversion-kernels check and its fix: zypp.conf, the original's kernels tests, real rpm on bed roots of every SLES architecture.
import { readdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNEL_IMAGE_LINKS, kernelVersion, multiversionKernels } from '../../../entrypoint/checks/multiversion-kernels.js';
import type { CheckContext } from '../../../entrypoint/checks/types.js';
import { machineArch, SLE_ARCHES } from '../../bed/arch.js';
import { buildExtraRepo } from '../../bed/extra-package.js';
import type { PackageDef } from '../../bed/model.js';
import { KERNEL_IMAGE } from '../../bed/packages.js';
import { bedHome } from '../../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { installedPackages, rpm } from '../../bed/zypper.js';
import { checkContext, fixContextOf, makeRoot, removeRoot, rootCheckContext } from '../../helpers/check-root.js';

const test = suite<{ home?: string }>('multiversion-kernels');
test.before(async (ctx) => {
  ctx.home = process.env.HOME;
  process.env.HOME = await bedHome();
});
test.after((ctx) => {
  process.env.HOME = ctx.home;
});

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

// The original's zypp.conf tests (test/unit/pre_checks_test.py), with the values they give configparser.
test('original test_incorrect_multiversion_kernels_in_zypp_config: latest,running,latest-1 is reported', async () => {
  const root = await makeRoot({
    '/etc/zypp/zypp.conf': '[main]\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = latest,running,latest-1\n',
  });
  const finding = await multiversionKernels.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /multiversion\.kernels = latest,running,latest-1$/);
  await removeRoot(root);
});

test('original test_missing_multiversion_kernels_in_zypp_config: multiversion with kernels but no multiversion.kernels is reported', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': '[main]\nmultiversion = provides:multiversion(kernel)\n' });
  const finding = await multiversionKernels.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /multiversion\.kernels = \(not set\)/);
  await removeRoot(root);
});

test("original test_missing_multiversion_in_zypp_config: no 'multiversion' option skips the multiversion.kernels check", async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': '[main]\nmultiversion.kernels = latest,latest-1,running\n' });
  const ctx = checkContext(root);
  assert.equal(await multiversionKernels.run(ctx), { ok: true, evidence: ['no multiversion kernel setting to correct'] });
  assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
  await removeRoot(root);
});

test('original test_update_zypp_conf_exception_raised: a zypp.conf that cannot be written fails the fix and stays as it was', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': CONF });
  const dir = path.join(root, 'etc/zypp');
  await execa('mount', ['--bind', dir, dir]);
  try {
    await execa('mount', ['-o', 'remount,ro,bind', dir]);
    try {
      await multiversionKernels.fix!(fixContextOf(checkContext(root)));
      assert.unreachable('the fix succeeded on a read-only zypp.conf');
    } catch (err) {
      assert.match(String(err), /zypp\.conf/);
    }
    assert.is(await readFile(path.join(dir, 'zypp.conf'), 'utf8'), CONF);
  } finally {
    await execa('umount', [dir]);
    await removeRoot(root);
  }
});

// The original's Defaults.get_target_kernel() (test/unit/defaults_test.py::test_get_target_kernel).
test('original test_get_target_kernel: the kernel image link of each architecture; none for another one', () => {
  assert.equal(KERNEL_IMAGE_LINKS, { x86_64: '/boot/vmlinuz', aarch64: '/boot/Image', ppc64le: '/boot/vmlinux', s390x: '/boot/image' });
  assert.is(KERNEL_IMAGE_LINKS.unknown_platform, undefined);
  assert.is(KERNEL_IMAGE_LINKS.ppc64, undefined, 'big-endian POWER has none (the original raises NotImplementedError)');
});

test('kernel versions come from the link target of every architecture and from uname -r', () => {
  assert.is(kernelVersion('vmlinuz-4.12.14-122.40-default'), '4.12.14-122.40');
  assert.is(kernelVersion('Image-6.4.0-150600.23.7-default'), '6.4.0-150600.23.7');
  assert.is(kernelVersion('vmlinux-5.14.21-150500.55.39-default'), '5.14.21-150500.55.39');
  assert.is(kernelVersion('image-5.14.21-150500.55.39-default'), '5.14.21-150500.55.39');
  assert.is(kernelVersion('/boot/vmlinuz-4.12.14-16.91-azure'), '4.12.14-16.91');
  assert.is(kernelVersion('5.14.21-150500.33.29-azure'), '5.14.21-150500.33.29');
  assert.is(kernelVersion(''), undefined);
});

/** A kernel package of `flavour`, `release` (e.g. 122.40.1) and `arch`, shipping that arch's image. */
function kernelPackage(arch: string, release: string, flavour = 'default', version = '4.12.14'): PackageDef {
  const uname = `${version}-${release.split('.').slice(0, -1).join('.')}-${flavour}`;
  return {
    name: `kernel-${flavour}`,
    version,
    release,
    summary: `The ${flavour} kernel (stub) ${release}`,
    // As in the bed: the machine's own roots have a noarch kernel.
    noarch: arch === machineArch(),
    provides: ['multiversion(kernel)', `kernel-uname-r(${uname})`],
    files: [
      { kind: 'file', path: `/boot/${KERNEL_IMAGE[arch as keyof typeof KERNEL_IMAGE]}-${uname}`, content: `fake kernel ${uname}\n` },
      { kind: 'dir', path: `/lib/modules/${uname}` },
    ],
  };
}

/** Installs `pkgs` next to what the root has (rpm -i, as a multiversion kernel update leaves the old kernel). */
async function rpmInstall(root: string, arch: string, pkgs: PackageDef[]): Promise<void> {
  const files: string[] = [];
  // One repository each: a spec cannot hold two versions of one package.
  for (const pkg of pkgs) {
    const repo = await buildExtraRepo([pkg], arch);
    for (const dir of ['noarch', arch]) {
      for (const f of await readdir(path.join(repo, dir)).catch(() => [] as string[])) files.push(path.join(repo, dir, f));
    }
  }
  await rpm(root, ['-i', '--force-debian', '--ignorearch', ...files]);
}

/** A bed root of `arch` with a second, newer kernel (122.40.1) installed next to its own (122.37.1). */
async function twoKernelRoot(arch: string): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', arch });
  await rpmInstall(root, arch, [kernelPackage(arch, '122.40.1')]);
  return root;
}

async function kernels(root: string, flavour = 'kernel-default'): Promise<string[]> {
  return (await installedPackages(root)).filter((p) => p.startsWith(`${flavour}-`));
}

const OLD = 'kernel-default-4.12.14-122.37.1';
const NEW = 'kernel-default-4.12.14-122.40.1';

for (const arch of SLE_ARCHES) {
  const image = KERNEL_IMAGE[arch];
  const dotArch = arch === machineArch() ? 'noarch' : arch;

  test(`${arch} (original test_multiple_kernels_default, test_correct_rpm_commands_when_using_target): two kernels reported; --fix removes the one /boot/${image} does not point to (real rpm)`, async () => {
    const root = await twoKernelRoot(arch);
    try {
      await symlink(`${image}-4.12.14-122.40-default`, path.join(root, `boot/${image}`));
      const ctx = await rootCheckContext(root);
      assert.is(ctx.facts.arch, arch, "the facts' arch comes from the root's base product");
      const finding = await multiversionKernels.run(ctx);
      assert.is(finding.ok, false);
      assert.equal(finding.evidence, [
        `2 kernel-default packages are installed: ${OLD}, ${NEW}`,
        `--fix removes ${OLD} (keeps the kernel /boot/${image} points to and the running one)`,
      ]);
      assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), [`removed the kernel package(s) ${OLD}`]);
      assert.equal(await kernels(root), [`${NEW}.${dotArch}`]);
      assert.is((await multiversionKernels.run(ctx)).ok, true);
    } finally {
      await removeSystemRoot(root);
    }
  });

  test(`${arch}: /boot/${image} points to the newer kernel while the older one runs: --fix removes neither (real rpm)`, async () => {
    const root = await twoKernelRoot(arch);
    try {
      await symlink(`${image}-4.12.14-122.40-default`, path.join(root, `boot/${image}`));
      const ctx: CheckContext = { ...(await rootCheckContext(root)), runningKernel: '4.12.14-122.37-default' };
      const finding = await multiversionKernels.run(ctx);
      assert.equal(finding.evidence, [`2 kernel-default packages are installed: ${OLD}, ${NEW}`]);
      assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
      assert.equal(await kernels(root), [`${OLD}.${dotArch}`, `${NEW}.${dotArch}`]);
    } finally {
      await removeSystemRoot(root);
    }
  });

  test(`${arch}: without a readable /boot/${image} --fix removes no kernel, not even with the running one known (real rpm)`, async () => {
    const root = await twoKernelRoot(arch);
    try {
      // Another architecture's link does not count: only the one of the host's arch names its default kernel.
      const other = arch === 'x86_64' ? 'Image' : 'vmlinuz';
      await symlink(`${image}-4.12.14-122.37-default`, path.join(root, `boot/${other}`));
      const ctx: CheckContext = { ...(await rootCheckContext(root)), runningKernel: '4.12.14-122.37-default' };
      const finding = await multiversionKernels.run(ctx);
      assert.is(finding.ok, false);
      assert.equal(finding.evidence, [
        `2 kernel-default packages are installed: ${OLD}, ${NEW}`,
        `--fix removes no kernel: /boot/${image} cannot be read`,
      ]);
      assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
      assert.equal(await kernels(root), [`${OLD}.${dotArch}`, `${NEW}.${dotArch}`]);
    } finally {
      await removeSystemRoot(root);
    }
  });
}

test('a link to a kernel no package has, or an architecture without a known link: --fix removes no kernel (real rpm)', async () => {
  const root = await twoKernelRoot('x86_64');
  try {
    await symlink('vmlinuz-9.9.9-1.1-default', path.join(root, 'boot/vmlinuz'));
    const ctx = await rootCheckContext(root);
    assert.equal((await multiversionKernels.run(ctx)).evidence, [
      `2 kernel-default packages are installed: ${OLD}, ${NEW}`,
      '--fix removes no kernel: /boot/vmlinuz points to vmlinuz-9.9.9-1.1-default, which is no installed kernel-default package',
    ]);
    assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
    const ppc64 = { ...ctx, facts: { ...ctx.facts, arch: 'ppc64' } };
    assert.equal(
      (await multiversionKernels.run(ppc64)).evidence[1],
      '--fix removes no kernel: no kernel image link is known for the architecture ppc64',
    );
    assert.equal(await multiversionKernels.fix!(fixContextOf(ppc64)), []);
    assert.equal(await kernels(root), [`${OLD}.noarch`, `${NEW}.noarch`]);
  } finally {
    await removeSystemRoot(root);
  }
});

test('original test_multiple_kernels_azure and _with_fix: an azure link checks kernel-azure; --fix removes the old azure kernel only (real rpm)', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
  try {
    await rpmInstall(root, 'x86_64', [kernelPackage('x86_64', '16.85.1', 'azure'), kernelPackage('x86_64', '16.91.1', 'azure')]);
    await symlink('vmlinuz-4.12.14-16.91-azure', path.join(root, 'boot/vmlinuz'));
    const ctx = await rootCheckContext(root);
    const finding = await multiversionKernels.run(ctx);
    assert.is(finding.ok, false);
    assert.equal(finding.evidence, [
      '2 kernel-azure packages are installed: kernel-azure-4.12.14-16.85.1, kernel-azure-4.12.14-16.91.1',
      '--fix removes kernel-azure-4.12.14-16.85.1 (keeps the kernel /boot/vmlinuz points to and the running one)',
    ]);
    assert.match(finding.ok ? '' : (finding.remediation ?? ''), /remove the kernels you do not need/);
    assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), ['removed the kernel package(s) kernel-azure-4.12.14-16.85.1']);
    assert.equal(await kernels(root, 'kernel-azure'), ['kernel-azure-4.12.14-16.91.1.noarch']);
    assert.equal(await kernels(root), [`${OLD}.noarch`], 'the default kernel is another flavour: untouched');
  } finally {
    await removeSystemRoot(root);
  }
});

test('original test_correct_rpm_command_when_using_target_with_azure: one azure kernel passes; --fix removes nothing (real rpm)', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
  try {
    await rpmInstall(root, 'x86_64', [kernelPackage('x86_64', '16.91.1', 'azure')]);
    await symlink('vmlinuz-4.12.14-16.91-azure', path.join(root, 'boot/vmlinuz'));
    const ctx = await rootCheckContext(root);
    assert.equal(await multiversionKernels.run(ctx), { ok: true, evidence: ['one kernel-azure installed: kernel-azure-4.12.14-16.91.1'] });
    assert.equal(await multiversionKernels.fix!(fixContextOf(ctx)), []);
    assert.equal(await kernels(root, 'kernel-azure'), ['kernel-azure-4.12.14-16.91.1.noarch']);
  } finally {
    await removeSystemRoot(root);
  }
});

test('original test_rpm_remove_exception_raised: rpm -e failing (a package needs the old kernel) fails the fix; both kernels stay (real rpm)', async () => {
  const root = await twoKernelRoot('x86_64');
  try {
    await rpmInstall(root, 'x86_64', [
      {
        name: 'kernel-pinned-tool',
        version: '1.0',
        release: '1',
        summary: 'A tool built for one kernel',
        noarch: true,
        requires: [`kernel-default = 4.12.14-122.37.1`],
        files: [{ kind: 'file', path: '/usr/share/kernel-pinned-tool/README', content: 'pinned\n' }],
      },
    ]);
    await symlink('vmlinuz-4.12.14-122.40-default', path.join(root, 'boot/vmlinuz'));
    const ctx = await rootCheckContext(root);
    try {
      await multiversionKernels.fix!(fixContextOf(ctx));
      assert.unreachable('rpm -e of a needed kernel succeeded');
    } catch (err) {
      assert.match(String(err), /rpm/);
      assert.match(String((err as { hint?: string }).hint), /zypper purge-kernels/);
    }
    assert.equal(await kernels(root), [`${OLD}.noarch`, `${NEW}.noarch`]);
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
