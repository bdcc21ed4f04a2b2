// regenerate-initrd (SPEC 5.13, SLE 16): a host-independent initrd for every kernel, when configured.
import { readdir } from 'node:fs/promises';
import { StepError } from '../errors.js';
import { chrootArgv } from '../system/host-programs.js';
import type { Step, StepContext } from './types.js';

/** /boot/initrd-<release> of every kernel with modules in the host root (what --regenerate-all writes). */
async function initrdPaths(ctx: StepContext): Promise<string[]> {
  const releases = new Set<string>();
  for (const dir of ['/usr/lib/modules', '/lib/modules']) {
    for (const name of await readdir(ctx.host(dir)).catch(() => [] as string[])) releases.add(name);
  }
  return [...releases].sort().map((release) => `/boot/initrd-${release}`);
}

export const DRACUT = ['dracut', '--force', '--verbose', '--no-host-only', '--no-hostonly-cmdline', '--regenerate-all'];
/** dracut in the host root needs the kernel's file systems there; finish unmounts them with the others. */
const KERNEL_FILE_SYSTEMS = ['/dev', '/proc', '/sys'];

export const regenerateInitrd: Step = {
  id: 'regenerate-initrd',
  title: 'Build host-independent initrds (SLE 16)',
  fatal: false,
  needs: ['upgrade', 'grub-setup'],
  skipReason(ctx) {
    return ctx.config.build_host_independent_initrd
      ? undefined
      : "build_host_independent_initrd is not set: the new kernel's package scriptlets already built its initrd";
  },
  async run(ctx) {
    for (const dir of KERNEL_FILE_SYSTEMS) await ctx.mounts.bind(dir, ctx.host(dir));
    // dracut replaces the initrd of every installed kernel: the door keeps each one as it was.
    const result = await ctx.files.around(await initrdPaths(ctx), () =>
      ctx.exec.run(chrootArgv(ctx.paths.systemRoot, DRACUT), { stream: true, allowFailure: true }),
    );
    if (!result.ok) {
      throw new StepError(
        `Failed to create new initrd: dracut exited with ${result.exitCode}`,
        'read the dracut output above; after fixing the cause run `dracut --force --no-host-only --regenerate-all` on the host before rebooting',
      );
    }
    ctx.log.info({ event: 'initrd.done' }, 'built host-independent initrds for every installed kernel');
  },
};
