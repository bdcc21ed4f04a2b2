// apparmor-selinux (SPEC 5.7, SLE 16): boot with SELinux instead of AppArmor and install its base pattern.
import { StepError } from '../errors.js';
import { isInstalled } from '../system/host-programs.js';
import { describeZypperExit, installArgv, OFFLINE_ENV, zypperSucceeded } from '../system/zypper.js';
import type { Step } from './types.js';

const DEFAULT_GRUB = '/etc/default/grub';

/** The SELinux base pattern, without recommends (the original's extra_args=['--no-recommends']). */
export function selinuxPatternArgv(systemRoot: string): string[] {
  return installArgv(systemRoot, ['patterns-base-selinux'], { noRecommends: true });
}

/** venv-salt-minion again with --force and its recommends, as the original (extra_args=['--force']). */
export function saltReinstallArgv(systemRoot: string): string[] {
  return installArgv(systemRoot, ['venv-salt-minion'], { force: true });
}

/** Replaces every (word-bounded) `security=apparmor` by `security=selinux`. */
export function switchLsmParameter(text: string): { text: string; count: number } {
  let count = 0;
  const out = text.replace(/\bsecurity=apparmor\b/g, () => {
    count++;
    return 'security=selinux';
  });
  return { text: out, count };
}

export const apparmorSelinux: Step = {
  id: 'apparmor-selinux',
  title: 'Switch the host from AppArmor to SELinux (SLE 16)',
  fatal: false,
  needs: ['upgrade'],
  async run(ctx) {
    let text: string;
    try {
      text = await ctx.files.read(DEFAULT_GRUB);
    } catch (err) {
      throw new StepError(
        `cannot read the host's ${DEFAULT_GRUB}: ${(err as Error).message}`,
        `a SLE host boots with GRUB 2 and has ${DEFAULT_GRUB}; set the kernel parameter security=selinux in the boot loader by hand`,
      );
    }
    const switched = switchLsmParameter(text);
    if (switched.count > 0) {
      await ctx.files.write(DEFAULT_GRUB, switched.text);
      ctx.log.info(
        { event: 'selinux.grub', replaced: switched.count },
        `${DEFAULT_GRUB}: security=apparmor -> security=selinux (${switched.count}x)`,
      );
    } else {
      ctx.log.info({ event: 'selinux.grub', replaced: 0 }, `${DEFAULT_GRUB} does not select AppArmor: unchanged`);
    }

    const root = ctx.paths.systemRoot;
    const pattern = await ctx.exec.run(selinuxPatternArgv(root), {
      env: OFFLINE_ENV,
      succeeded: zypperSucceeded,
      allowFailure: true,
    });
    if (!pattern.ok) {
      // The original only logs this: the pattern can be installed after the reboot.
      ctx.log.warn(
        { event: 'selinux.pattern', ok: false },
        `installing patterns-base-selinux failed (${describeZypperExit(pattern.exitCode)}): after the reboot run \`zypper install patterns-base-selinux\``,
      );
      return;
    }
    ctx.log.info({ event: 'selinux.pattern', ok: true }, 'installed patterns-base-selinux');
    if (!(await isInstalled(ctx.exec, root, 'venv-salt-minion'))) return;
    // Re-installing applies the minion's SELinux policy module, now that SELinux is there.
    const again = await ctx.exec.run(saltReinstallArgv(root), {
      env: OFFLINE_ENV,
      succeeded: zypperSucceeded,
      allowFailure: true,
    });
    if (again.ok) ctx.log.info({ event: 'selinux.salt' }, 're-installed venv-salt-minion for its SELinux policy');
    else
      ctx.log.warn(
        { event: 'selinux.salt' },
        `re-installing venv-salt-minion failed (${describeZypperExit(again.exitCode)}): after the reboot run \`zypper install --force venv-salt-minion\``,
      );
  },
};
