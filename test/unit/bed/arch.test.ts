// Self-test of the bed's foreign-architecture roots: aarch64, ppc64le and s390x repositories and roots built on this machine, and a dup of each.
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dupArgv } from '../../../entrypoint/system/zypper.js';
import { machineArch } from '../../bed/arch.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { ensureRepos } from '../../bed/repos.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { installedPackages, rpm, zypper } from '../../bed/zypper.js';

/** The kernel image each architecture's kernel ships (SLES kernel-default file lists). */
const IMAGE: Record<string, string> = { aarch64: 'Image', ppc64le: 'vmlinux', s390x: 'image' };
const FOREIGN = Object.keys(IMAGE);
const DUP = ['--no-cd', ...dupArgv('/').slice(dupArgv('/').indexOf('dup'))];

test('this machine is x86_64 (the foreign-arch beds below are foreign to it)', () => {
  assert.is(machineArch(), 'x86_64');
});

for (const arch of FOREIGN) {
  test(`${arch}: the repositories hold ${arch} and noarch packages only; busybox and kernel-default are ${arch} packages`, async () => {
    const repos = await ensureRepos({ arch });
    for (const dir of [repos.sles12, repos.sles15, repos.sles16]) {
      assert.equal((await readdir(dir)).sort(), [arch, 'noarch', 'repodata'].sort());
      const rpms = await readdir(path.join(dir, arch));
      assert.equal(rpms.map((f) => f.replace(/-\d.*$/, '')).sort(), ['busybox', 'kernel-default']);
      const kernel = path.join(dir, arch, rpms.find((f) => f.startsWith('kernel-default-'))!);
      const q = await rpm('/', ['-qp', '--qf', '%{ARCH}\\n', '-l', kernel]);
      assert.match(String(q.stdout), new RegExp(`^${arch}$`, 'm'));
      assert.match(String(q.stdout), new RegExp(`^/boot/${IMAGE[arch]}-\\d[^/]*-default$`, 'm'));
    }
    assert.not.equal(repos, await ensureRepos(), "not the machine's repositories");
  });

  test(`${arch}: makeSystemRoot({ arch }) installs a SLES 12 SP5 root of ${arch} and a dup takes it to 15 SP7 of ${arch}`, async () => {
    const repos = await ensureRepos({ arch });
    const served = await serveDirectory(repos.sles15);
    const root = await makeSystemRoot({ targetRepoUrl: served.url, arch });
    try {
      const at = (p: string) => readFile(path.join(root, p), 'utf8');
      assert.match(await at('etc/zypp/zypp.conf'), new RegExp(`^arch = ${arch}$`, 'm'));
      assert.match(await at('etc/products.d/baseproduct'), new RegExp(`<arch>${arch}</arch>`));
      assert.match(await at('etc/products.d/SLES.prod'), new RegExp(`<target>sle-12-${arch}</target>`));
      assert.match(await at('etc/issue'), new RegExp(`\\(${arch}\\)`));
      const before = await installedPackages(root);
      assert.ok(before.includes(`kernel-default-4.12.14-122.37.1.${arch}`), before.join(' '));
      assert.ok(before.includes(`busybox-1.35.0-1.1.${arch}`), before.join(' '));
      await access(path.join(root, `boot/${IMAGE[arch]}-4.12.14-122.37-default`));
      assert.match(await at('var/lib/demo-scriptlets.log'), /^post kernel-default 4\.12\.14 1$/m, 'the scriptlets ran (busybox /bin/sh)');

      const r = await zypper(root, ['--gpg-auto-import-keys', ...DUP], { reject: false });
      assert.is(r.exitCode, 0, String(r.stdout));
      const after = await installedPackages(root);
      assert.ok(after.includes(`kernel-default-6.4.0-150700.53.3.1.${arch}`), after.join(' '));
      assert.ok(after.includes(`busybox-1.35.0-150700.3.1.${arch}`), after.join(' '));
      assert.not.ok(
        after.some((p) => p.endsWith('.x86_64')),
        'no package of the machine',
      );
      await access(path.join(root, `boot/${IMAGE[arch]}-6.4.0-150700.53.3-default`));
      assert.match(await at('etc/products.d/SLES.prod'), new RegExp(`<target>sle-15-${arch}</target>`));
    } finally {
      await served.close();
      await removeSystemRoot(root);
    }
  });
}

test("the machine's own root is as it always was: no zypp.conf, a noarch kernel with /boot/vmlinuz-*", async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:1/sles15/' });
  try {
    await access(path.join(root, 'etc/zypp/zypp.conf')).then(
      () => assert.unreachable('a zypp.conf in the machine arch root'),
      () => {},
    );
    assert.ok((await installedPackages(root)).includes('kernel-default-4.12.14-122.37.1.noarch'));
    await access(path.join(root, 'boot/vmlinuz-4.12.14-122.37-default'));
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
