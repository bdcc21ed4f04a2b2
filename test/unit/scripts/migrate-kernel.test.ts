// The host shim's search for the migrated system's kernel (new_default_kernel, rebuild_initrd) on bed roots of every SLES architecture, without podman.
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dupArgv } from '../../../entrypoint/system/zypper.js';
import { SLE_ARCHES } from '../../bed/arch.js';
import { KERNEL_IMAGE } from '../../bed/packages.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { ensureRepos } from '../../bed/repos.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { zypper } from '../../bed/zypper.js';
import { runShimFunctions } from '../../helpers/shim-function.js';
import { STANDINS } from '../../helpers/shim.js';

const KERNEL_FUNCTIONS = ['on_host', 'warn', 'say', 'host_arch', 'kernel_image_name', 'new_default_kernel', 'rebuild_initrd'];
const DUP = ['--no-cd', ...dupArgv('/').slice(dupArgv('/').indexOf('dup'))];
/** uname -r of the bed's SLES 12 SP5 and SLES 15 SP7 kernels. */
const OLD = '4.12.14-122.37-default';
const NEW = '6.4.0-150700.53.3-default';

const newDefaultKernel = async (root: string, env: Record<string, string> = {}) =>
  (await runShimFunctions(root, KERNEL_FUNCTIONS, 'new_default_kernel', env)).stdout;

/** A kernel image `name`-`version` with its modules directory, as a kernel package leaves them. */
async function addKernel(root: string, name: string, version: string): Promise<void> {
  await writeFile(path.join(root, 'boot', `${name}-${version}`), `fake kernel ${version}\n`);
  await mkdir(path.join(root, 'lib/modules', version), { recursive: true });
}

for (const arch of SLE_ARCHES) {
  const image = KERNEL_IMAGE[arch];

  test(`${arch}: after a dup to SLES 15 SP7 the shim finds the new kernel (/boot/${image}-*) and rebuilds its initrd (dracut stand-in)`, async () => {
    const served = await serveDirectory((await ensureRepos({ arch })).sles15);
    const root = await makeSystemRoot({ targetRepoUrl: served.url, arch });
    const log = path.join(root, 'standins.log');
    try {
      const dup = await zypper(root, ['--gpg-auto-import-keys', ...DUP], { reject: false });
      assert.is(dup.exitCode, 0, String(dup.stdout));
      assert.is(await newDefaultKernel(root), NEW);
      const env = { PATH: `${STANDINS}:${process.env.PATH}`, STANDIN_LOG: log };
      const r = await runShimFunctions(root, KERNEL_FUNCTIONS, 'rebuild_initrd', env);
      assert.is(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Rebuilding the initrd of the new kernel ${NEW.replace(/\./g, '\\.')} \\(/boot/initrd-`));
      assert.is(await readFile(log, 'utf8'), `dracut --force --sysroot ${root} ${root}/boot/initrd-${NEW} ${NEW}\n`);
      assert.is(await readFile(path.join(root, 'boot', `initrd-${NEW}`), 'utf8'), `stand-in initrd for kernel ${NEW}\n`);
    } finally {
      await served.close();
      await removeSystemRoot(root);
    }
  });

  test(`${arch}: /boot/${image} names the kernel; without it the newest ${image}-* with modules; other arches' images never count`, async () => {
    const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', arch });
    try {
      await addKernel(root, image, '4.12.14-122.40-default');
      // A higher version under every other architecture's image name, modules included: a decoy.
      for (const other of Object.values(KERNEL_IMAGE).filter((n) => n !== image)) await addKernel(root, other, '99.9.9-1-default');
      // An image without modules does not count either.
      await writeFile(path.join(root, 'boot', `${image}-50.0.0-1-default`), 'no modules\n');
      assert.is(await newDefaultKernel(root), '4.12.14-122.40-default');
      await symlink(`${image}-${OLD}`, path.join(root, 'boot', image));
      assert.is(await newDefaultKernel(root), OLD);
    } finally {
      await removeSystemRoot(root);
    }
  });
}

test('a host without a base product: the machine (uname -m) names the image; an unknown machine tries every name', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-shim-kernel-'));
  const bin = await mkdtemp(path.join(tmpdir(), 'dms-shim-uname-'));
  try {
    await mkdir(path.join(root, 'boot'));
    await addKernel(root, 'vmlinuz', '5.14.21-1-default');
    await addKernel(root, 'Image', '6.4.0-2-default');
    assert.is(await newDefaultKernel(root), '5.14.21-1-default', 'this x86_64 machine: vmlinuz-*');
    // A stand-in for the machine's uname.
    const uname = path.join(bin, 'uname');
    const machine = async (m: string) => {
      await writeFile(uname, `#!/bin/sh\necho ${m}\n`);
      await chmod(uname, 0o755);
      return newDefaultKernel(root, { PATH: `${bin}:${process.env.PATH}` });
    };
    assert.is(await machine('aarch64'), '6.4.0-2-default');
    assert.is(await machine('riscv64'), '6.4.0-2-default', 'every name: the newest of all');
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(bin, { recursive: true, force: true });
  }
});

test('no kernel of the arch with its modules: rebuild_initrd fails and says which arch it looked for', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', arch: 'ppc64le' });
  try {
    await rm(path.join(root, 'lib/modules', OLD), { recursive: true });
    await addKernel(root, 'vmlinuz', '6.4.0-1-default');
    const r = await runShimFunctions(root, KERNEL_FUNCTIONS, 'rebuild_initrd');
    assert.is(r.exitCode, 1);
    assert.is(r.stderr, `migrate: found no ppc64le kernel in ${root}/boot with its modules: the initrd was not rebuilt`);
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
