// grub-setup (SPEC 5.12, SLE 16): remove the migration packages from the host, regenerate its grub.cfg.
import { StepError } from '../errors.js';
import { globToRegExp } from '../system/glob.js';
import { chrootArgv } from '../system/host-programs.js';
import type { Step } from './types.js';
import { hostRpm } from '../system/rpm-db.js';
import { removeArgv } from '../system/zypper.js';

/** The packages that started this migration on the host (SLES16-Migration, SLES_SAP16-Migration, ...). */
export const MIGRATION_PACKAGE_GLOBS = ['SLE*Migration', 'suse-migration-*-activation'];
const GRUB_CFG = '/boot/grub2/grub.cfg';
export const GRUB_MKCONFIG = ['grub2-mkconfig', '-o', GRUB_CFG];

/** Installed package names matching the migration package globs. */
export function migrationPackages(installed: readonly string[]): string[] {
  const patterns = MIGRATION_PACKAGE_GLOBS.map(globToRegExp);
  return installed.filter((name) => patterns.some((p) => p.test(name))).sort();
}

export const grubSetup: Step = {
  id: 'grub-setup',
  title: 'Remove the migration packages and regenerate the boot menu (SLE 16)',
  fatal: false,
  needs: ['upgrade'],
  async run(ctx) {
    const root = ctx.paths.systemRoot;
    // Only installed names go to zypper: one pattern without a match would make it remove nothing at all.
    const query = await ctx.exec.run(await hostRpm(root, '-qa', '--qf', '%{NAME}\\n'), { allowFailure: true, quiet: true });
    const names = migrationPackages(query.stdout.split('\n').filter(Boolean));
    if (names.length === 0) {
      ctx.log.info(
        { event: 'grub.packages', removed: [] },
        `no migration packages (${MIGRATION_PACKAGE_GLOBS.join(', ')}) installed on the host`,
      );
    } else {
      const removal = await ctx.exec.run(removeArgv(root, names), { allowFailure: true });
      // As in the original, a failed removal is only logged: the packages do no harm on the new system.
      if (removal.ok) ctx.log.info({ event: 'grub.packages', removed: names }, `removed the migration packages: ${names.join(', ')}`);
      else
        ctx.log.warn(
          { event: 'grub.packages', removed: [] },
          `could not remove ${names.join(', ')} (exit code ${removal.exitCode}); remove them after the reboot with zypper remove`,
        );
    }

    const mkconfig = await ctx.files.around([GRUB_CFG], () => ctx.exec.run(chrootArgv(root, GRUB_MKCONFIG), { allowFailure: true }));
    if (!mkconfig.ok) {
      throw new StepError(
        `Update grub failed with: ${GRUB_MKCONFIG.join(' ')} exited with ${mkconfig.exitCode}`,
        `do not reboot yet: run \`${GRUB_MKCONFIG.join(' ')}\` on the host, fix what it reports, then reboot`,
      );
    }
    const said = mkconfig.stderr.trimEnd();
    ctx.log.info({ event: 'grub.mkconfig' }, `regenerated /boot/grub2/grub.cfg${said ? `; grub2-mkconfig said:\n${said}` : ''}`);
  },
};
