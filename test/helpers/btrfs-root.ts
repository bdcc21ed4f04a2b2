// A bed root on a real btrfs file system (a sparse file on a loop device) with real snapper (Debian's) configured for /.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { makeSystemRoot } from '../bed/system-root.js';

export interface BtrfsRoot {
  /** The root: subvolume @ of the file system, mounted here. */
  root: string;
  remove(): Promise<void>;
}

/** The snapper binary and every library it loads, copied into the root under the same paths. */
async function installSnapper(root: string): Promise<void> {
  const binary = (await execa('sh', ['-c', 'command -v snapper'])).stdout.trim();
  const { stdout } = await execa('ldd', [binary]);
  const libs = [...stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
  for (const file of [binary, ...libs]) await execa('cp', ['-L', '--parents', file, root]);
  // Debian's libsnapper reads its templates from /etc/snapper/config-templates and needs /etc/snapper/configs.
  const templates = path.join(root, 'etc/snapper/config-templates');
  await mkdir(templates, { recursive: true });
  await mkdir(path.join(root, 'etc/snapper/configs'), { recursive: true });
  await execa('cp', ['/usr/share/snapper/config-templates/default', templates]);
  await mkdir(path.join(root, 'etc/default'), { recursive: true });
  await writeFile(path.join(root, 'etc/default/snapper'), 'SNAPPER_CONFIGS=""\n');
  await rm(path.join(root, 'etc/mtab'), { force: true });
  await symlink('../proc/self/mounts', path.join(root, 'etc/mtab'));
}

/** Makes a 300 MB sparse btrfs image, a bed root in its subvolume @, mounted as a mount point of its own, with `snapper create-config /`. */
export async function makeBtrfsRoot(repoUrl: string): Promise<BtrfsRoot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-btrfs-'));
  const image = path.join(dir, 'fs.img');
  const top = path.join(dir, 'top');
  const root = path.join(dir, 'root');
  await execa('truncate', ['-s', '300M', image]);
  await execa('mkfs.btrfs', ['-q', image]);
  await mkdir(top);
  await mkdir(root);
  await execa('mount', ['-o', 'loop', image, top]);
  try {
    await execa('btrfs', ['subvolume', 'create', path.join(top, '@')]);
    await execa('btrfs', ['subvolume', 'set-default', path.join(top, '@')]);
  } finally {
    await execa('umount', [top]);
  }
  await execa('mount', ['-o', 'loop,subvol=@', image, root]);
  const remove = async () => {
    await execa('umount', ['--lazy', path.join(root, 'proc')], { reject: false });
    await execa('umount', [root], { reject: false });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await makeSystemRoot({ targetRepoUrl: repoUrl, dir: root });
    await installSnapper(root);
    await mkdir(path.join(root, 'proc'), { recursive: true });
    await execa('mount', ['--bind', '/proc', path.join(root, 'proc')]);
    try {
      await execa('chroot', [root, 'snapper', '--no-dbus', 'create-config', '/']);
    } finally {
      await execa('umount', [path.join(root, 'proc')]);
    }
  } catch (err) {
    await remove();
    throw err;
  }
  return { root, remove };
}

/** The default subvolume's path, e.g. "@/.snapshots/3/snapshot". */
export async function defaultSubvolume(mountPoint: string): Promise<string> {
  const { stdout } = await execa('btrfs', ['subvolume', 'get-default', mountPoint]);
  return stdout.trim().replace(/^.* path /, '');
}

export async function readIn(root: string, file: string): Promise<string> {
  return readFile(path.join(root, file), 'utf8');
}
