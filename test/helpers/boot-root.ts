// Synthetic SLES 15 SP7 roots with Debian's real dracut and grub-mkconfig, and the host's kernel file systems in them.
import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import { installBootTools } from '../bed/boot-tools.js';
import { makeSystemRoot, removeSystemRoot } from '../bed/system-root.js';

/** The kernel of the bed's SLES 15 SP7 root (kernel-default; /lib/modules/<it>, /boot/vmlinuz-<it>). */
export const SLE15_KERNEL = '6.4.0-150700.53.3-default';

/** A SLES 15 SP7 bed root (its repository unused) with the real boot tools of test/bed/boot-tools.ts. */
export async function bootToolsRoot(): Promise<string> {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', release: '15.7' });
  await installBootTools(root);
  return root;
}

export async function removeBootToolsRoot(root: string): Promise<void> {
  await removeSystemRoot(root);
  await rm(`${root}.fstab`, { force: true }); // the test step context's mount ledger
}

const KERNEL_FILE_SYSTEMS = ['/dev', '/proc', '/sys'];

/**
 * Runs `fn` with the machine's /dev, /proc and /sys bound into `root`, as a real host root has them
 * when the shim binds it (recursively) at /system-root; unbinds them afterwards. Not while walking
 * the root's files (fileStates): /proc and /sys are the machine's.
 */
export async function withKernelFileSystems<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const bound: string[] = [];
  try {
    for (const dir of KERNEL_FILE_SYSTEMS) {
      await execa('mount', ['--bind', dir, `${root}${dir}`]);
      bound.push(`${root}${dir}`);
    }
    return await fn();
  } finally {
    for (const target of bound.reverse()) await execa('umount', ['--lazy', target]);
  }
}
