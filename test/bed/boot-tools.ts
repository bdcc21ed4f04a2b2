// Debian's real dracut and grub-mkconfig installed into a synthetic host root, in place of SUSE's (cached Debian tree).
import { chmod, cp, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { buildOnce } from './cache.js';
import { hashOf } from './hash.js';
import { cacheRoot } from './paths.js';

/**
 * Debian bookworm minbase plus the boot tools the SLE 16 steps run chrooted in the host root:
 * dracut (dracut-core, with kmod, cpio and udev, which its udev-rules module needs) and GRUB's
 * grub-mkconfig with grub-probe (grub-common).
 */
const SUITE = 'bookworm';
const PACKAGES = ['dracut-core', 'grub-common', 'kmod', 'cpio', 'udev'];
const DPKG_OPTS = ['path-exclude=/usr/share/man/*', 'path-exclude=/usr/share/locale/*', 'path-exclude=/usr/share/doc/*'];
/**
 * The upstream scripts of /etc/grub.d that SUSE's grub2 ships as well; Debian's own
 * 05_debian_theme, os-prober, UEFI-firmware and Xen ones are left out.
 */
const GRUB_SCRIPTS = ['00_header', '10_linux', '40_custom', '41_custom'];
/**
 * Debian's dracut names the initrd /boot/initrd.img-<kernel>; SUSE's dracut package patches the
 * default output name to /boot/initrd-<kernel> (what the step keeps and grub's 10_linux finds).
 * The one line of that patch is applied to the copy in the root; the test fails if it no longer matches.
 */
const DEBIAN_OUTFILE = 'outfile="$dracutsysrootdir/boot/initrd.img-${kernel}"';
const SUSE_OUTFILE = 'outfile="$dracutsysrootdir/boot/initrd-${kernel}"';

const RECIPE = JSON.stringify({ v: 1, SUITE, PACKAGES, DPKG_OPTS });

/** The cached Debian tree (built once with mmdebstrap, about 30 s and 180 MB). */
export function ensureBootToolsTree(): Promise<string> {
  return buildOnce(path.join(cacheRoot(), `boot-tools-${hashOf([RECIPE])}`), async (tmp) => {
    await execa('mmdebstrap', [
      '--quiet',
      '--variant=minbase',
      `--include=${PACKAGES.join(',')}`,
      ...DPKG_OPTS.map((o) => `--dpkgopt=${o}`),
      SUITE,
      tmp,
    ]);
  });
}

/** The cache entry's name (kept by `prune`). */
export function bootToolsEntry(): string {
  return `boot-tools-${hashOf([RECIPE])}`;
}

async function missing(p: string): Promise<boolean> {
  return lstat(p).then(
    () => false,
    () => true,
  );
}

/**
 * Installs Debian's dracut and grub-mkconfig (as SUSE's name grub2-mkconfig) into a bed root: the
 * Debian tree's /usr merged into the root's /usr (its /usr/lib/os-release left out), links to it
 * from the root's unmerged /bin, /sbin and /lib for what is not there already (the root keeps its
 * busybox /bin/sh), the ELF interpreter in /lib64, dracut's configuration and GRUB's upstream
 * /etc/grub.d scripts, and /boot/grub2 (the grub2 package's directory, where grub.cfg goes).
 */
export async function installBootTools(root: string): Promise<void> {
  const tree = await ensureBootToolsTree();
  const osRelease = path.join(root, 'usr/lib/os-release');
  const hadOsRelease = !(await missing(osRelease));
  // GNU cp (no-clobber): much faster than fs.cp for the tree's 10 000 files.
  await execa('cp', ['-a', '--no-clobber', `${tree}/usr/.`, `${root}/usr/`]);
  if (!hadOsRelease) await rm(osRelease, { force: true });
  for (const dir of ['bin', 'sbin', 'lib']) {
    await mkdir(path.join(root, dir), { recursive: true });
    for (const name of await readdir(path.join(tree, 'usr', dir))) {
      // Not /lib/systemd: `systemctl --root` (the container's, Debian's split-/usr build, which looks in /lib/systemd/system
      // first) resolves such an absolute link outside the root, into the container's own unit files (NetworkManager's).
      if (dir === 'lib' && name === 'systemd') continue;
      const link = path.join(root, dir, name);
      if (await missing(link)) await symlink(`/usr/${dir}/${name}`, link);
    }
  }
  await mkdir(path.join(root, 'lib64'), { recursive: true });
  const loader = path.join(root, 'lib64/ld-linux-x86-64.so.2');
  if (await missing(loader)) await symlink('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', loader);
  await cp(path.join(tree, 'etc/dracut.conf'), path.join(root, 'etc/dracut.conf'));
  await mkdir(path.join(root, 'etc/dracut.conf.d'), { recursive: true });
  await mkdir(path.join(root, 'etc/grub.d'), { recursive: true });
  for (const name of GRUB_SCRIPTS) await cp(path.join(tree, 'etc/grub.d', name), path.join(root, 'etc/grub.d', name));
  await mkdir(path.join(root, 'boot/grub2'), { recursive: true });
  await symlink('grub-mkconfig', path.join(root, 'usr/sbin/grub2-mkconfig'));

  const dracut = path.join(root, 'usr/bin/dracut');
  const text = await readFile(dracut, 'utf8');
  if (!text.includes(DEBIAN_OUTFILE)) throw new Error(`installBootTools: ${dracut} no longer has the line ${DEBIAN_OUTFILE}`);
  await writeFile(dracut, text.replaceAll(DEBIAN_OUTFILE, SUSE_OUTFILE));
  await chmod(dracut, 0o755);
}
