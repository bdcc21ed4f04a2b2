// Image tests: the real image (and the host shim) migrate synthetic SLES 12 SP5 roots of aarch64, ppc64le and s390x (zypper told the arch by the root's zypp.conf).
import { readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildExtraRepo } from '../bed/extra-package.js';
import { KERNEL_IMAGE } from '../bed/packages.js';
import { serveDirectory } from '../bed/repo-server.js';
import { ensureRepos } from '../bed/repos.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';
import { installedPackages, rpm } from '../bed/zypper.js';
import { exists, mountsUnder, readText } from '../helpers/host-root.js';
import { runImage } from '../helpers/run-image.js';
import { cleanup, disposableImage, runShim, shimEnv } from '../helpers/shim.js';

const FOREIGN = ['aarch64', 'ppc64le', 's390x'] as const;
type Foreign = (typeof FOREIGN)[number];

const test = suite<{ roots: string[] }>('migration image on every SLES architecture', { roots: [] });
test.after(async (ctx) => {
  for (const root of ctx.roots) await removeSystemRoot(root);
});

/** A fresh SLES 12 SP5 root of `arch` whose target repository is the served SLES 15 SP7 repository of that arch. */
async function archRoot(ctx: { roots: string[] }, arch: Foreign, repoUrl: string): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: repoUrl, arch });
  ctx.roots.push(root);
  return root;
}

function migrate(root: string) {
  return runImage({ root, logDir: path.join(root, 'var/log'), args: ['run', '--use-zypper-dup'] });
}

interface JsonRecord {
  event?: string;
  step?: string;
  status?: string;
  phase?: string;
  upgrade?: number;
  install?: number;
  remove?: number;
}

async function jsonLog(root: string): Promise<JsonRecord[]> {
  return (await readText(root, '/var/log/distro_migration.jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonRecord);
}

for (const arch of FOREIGN) {
  test(`dup mode migrates a SLES 12 SP5 ${arch} root to SLES 15 SP7 ${arch}: its packages, kernel image and products`, async (ctx) => {
    const served = await serveDirectory((await ensureRepos({ arch })).sles15);
    try {
      const root = await archRoot(ctx, arch, served.url);
      assert.match(await readText(root, '/etc/zypp/zypp.conf'), new RegExp(`^arch = ${arch}$`, 'm'), 'the bed root tells zypper its arch');

      const { exitCode, output } = await migrate(root);
      assert.is(exitCode, 0, output);

      assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
      const prod = await readText(root, '/etc/products.d/SLES.prod');
      assert.match(prod, /<version>15\.7<\/version>/);
      assert.match(prod, new RegExp(`<arch>${arch}</arch>`));
      const after = await installedPackages(root);
      assert.ok(after.includes(`kernel-default-6.4.0-150700.53.3.1.${arch}`), after.join(' '));
      assert.ok(after.includes(`busybox-1.35.0-150700.3.1.${arch}`), after.join(' '));
      assert.ok(
        after.some((p) => p.startsWith('sles-release-15.7-')),
        after.join(' '),
      );
      assert.not.ok(
        after.some((p) => p.endsWith('.x86_64')),
        'no package of the machine the container runs on',
      );
      assert.ok(await exists(root, `/boot/${KERNEL_IMAGE[arch]}-6.4.0-150700.53.3-default`));
      assert.match(
        await readText(root, '/var/lib/demo-scriptlets.log'),
        /^post demo-scriptlets 2\.0 2$/m,
        'the scriptlets ran in the root',
      );

      const report = JSON.parse(await readText(root, '/var/log/distro_migration.report.json')) as {
        facts: { arch: string; baseProduct?: string };
      };
      assert.is(report.facts.arch, arch, "the session's arch is the base product's, not the machine's");
      assert.is(report.facts.baseProduct, `SLES/12.5/${arch}`);

      const json = await jsonLog(root);
      assert.equal(
        json.filter((r) => r.event === 'step.end').map((r) => `${r.step}:${r.status}`),
        ['pre-checks-fix:succeeded', 'prepare:succeeded', 'product-setup:succeeded', 'upgrade:succeeded', 'finish:succeeded'],
      );
      // The plan (zypper dup --dry-run with the host's zypp.conf) saw the same packages as on x86_64.
      assert.ok(
        json.some((r) => r.event === 'progress' && r.phase === 'plan' && r.upgrade === 15 && r.install === 3 && r.remove === 1),
        JSON.stringify(json.filter((r) => r.event === 'progress').slice(0, 3)),
      );
      assert.equal(await mountsUnder(root), []);
    } finally {
      await served.close();
    }
  });
}

test('aarch64: pre-checks-fix removes the kernel that /boot/Image does not name (not the default one), then the dup upgrades the default one', async (ctx) => {
  const arch = 'aarch64';
  const served = await serveDirectory((await ensureRepos({ arch })).sles15);
  try {
    const root = await archRoot(ctx, arch, served.url);
    // A newer SLES 12 SP5 kernel next to the bed's own, named by /boot/Image (a multiversion kernel update).
    const repo = await buildExtraRepo(
      [
        {
          name: 'kernel-default',
          version: '4.12.14',
          release: '122.40.1',
          summary: 'The kernel (stub), newer',
          noarch: false,
          provides: ['multiversion(kernel)', 'kernel-uname-r(4.12.14-122.40-default)'],
          files: [
            { kind: 'file', path: '/boot/Image-4.12.14-122.40-default', content: 'fake kernel\n' },
            { kind: 'dir', path: '/lib/modules/4.12.14-122.40-default' },
          ],
        },
      ],
      arch,
    );
    const rpmFile = path.join(repo, arch, (await readdir(path.join(repo, arch)))[0]!);
    await rpm(root, ['-i', '--force-debian', '--ignorearch', rpmFile]);
    await symlink('Image-4.12.14-122.40-default', path.join(root, 'boot/Image'));

    const { exitCode, output } = await migrate(root);
    assert.is(exitCode, 0, output);
    const log = await readText(root, '/var/log/distro_migration.log');
    assert.match(log, /fixed: removed the kernel package\(s\) kernel-default-4\.12\.14-122\.37\.1\n/);
    const kernels = (await installedPackages(root)).filter((p) => p.startsWith('kernel-default-'));
    assert.equal(kernels, [`kernel-default-6.4.0-150700.53.3.1.${arch}`]);
  } finally {
    await served.close();
  }
});

test('the host shim on a ppc64le root: after the migration it rebuilds the initrd of the new /boot/vmlinux-* kernel (dracut stand-in), exit 0', async (ctx) => {
  const arch = 'ppc64le';
  const served = await serveDirectory((await ensureRepos({ arch })).sles15);
  const root = await archRoot(ctx, arch, served.url);
  const run = await shimEnv(root);
  try {
    const image = await disposableImage();
    const result = await runShim(run, ['--use-zypper-dup', '--migration-system', image, '--yes']);
    assert.is(result.exitCode, 0, result.all);
    const kver = '6.4.0-150700.53.3-default';
    assert.equal(
      (await run.calls()).filter((c) => c.startsWith('dracut')),
      [`dracut --force --sysroot ${root} ${root}/boot/initrd-${kver} ${kver}`],
    );
    assert.ok(await exists(root, `/boot/initrd-${kver}`));
    assert.match(result.stdout, /Reboot the host to start the migrated system\./);
  } finally {
    await cleanup(run);
    await served.close();
  }
});

test.run();
