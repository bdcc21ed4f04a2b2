// upgrade (SPEC 5.6, "migrate"): zypper dup (dup mode) or zypper migration (plugin mode) of the host root.
import { readFile } from 'node:fs/promises';
import { StepError } from '../errors.js';
import { describeZypperExit, dupArgv, migrationArgv, zypperHint, zypperSucceeded } from '../system/zypper.js';
import { parseZypperProgress } from '../system/zypper-progress.js';
import { announceStaged, reportStagedUse, stagedArgv } from '../stage/use.js';
import type { Step, StepContext } from './types.js';

/** `migration.single_rpmtrans=true|1` on the kernel command line switches zypp to one RPM transaction. */
export function singleRpmTransEnv(cmdline: string): Record<string, string> {
  const match = /(?:^|\s)migration\.single_rpmtrans=(\S+)/.exec(cmdline);
  const on = match !== null && ['true', '1'].includes(match[1]!.toLowerCase());
  const value = on ? '1' : '0';
  return { ZYPP_SINGLE_RPMTRANS: value, ZYPP_NO_USRMERGE_PROTECT: value };
}

/** The target product: from the configuration, else base product name + the image's VERSION_ID + arch (SPEC 5.1). */
export function targetProduct(ctx: Pick<StepContext, 'config' | 'state' | 'target'>): string {
  if (ctx.config.migration_product) return ctx.config.migration_product;
  const name = ctx.state.baseProduct?.name;
  const arch = ctx.state.baseProduct?.arch;
  const version = ctx.target.VERSION_ID;
  if (!name || !arch || !version) {
    throw new StepError('Migration product not found, aborting migration attempt.',
      'set migration_product (NAME/VERSION/ARCH) in /etc/sle-migration-service.yml or pass --product');
  }
  return `${name}/${version}/${arch}`;
}

async function kernelCmdline(): Promise<string> {
  try {
    return await readFile('/proc/cmdline', 'utf8');
  } catch {
    return '';
  }
}

export const upgrade: Step = {
  id: 'upgrade',
  title: 'Upgrade the host system with zypper',
  fatal: true,
  async run(ctx) {
    const env = { ...ctx.state.upgradeEnv, ...singleRpmTransEnv(await kernelCmdline()) };
    const root = ctx.paths.systemRoot;
    const dupMode = !ctx.config.use_zypper_migration;
    const argv = dupMode
      ? dupArgv(root)
      : migrationArgv({ systemRoot: root, product: targetProduct(ctx), verbose: ctx.config.verbose_migration, debugSolver: ctx.config.debug_solver });
    ctx.log.info({ event: 'upgrade.mode', mode: dupMode ? 'dup' : 'plugin' },
      dupMode ? 'dup mode: zypper dup against the repositories configured on the host' : `migration-plugin mode: target ${argv[argv.indexOf('--product') + 1]}`);

    const staged = dupMode ? await announceStaged(ctx) : undefined;
    const result = await ctx.exec.run(staged ? await stagedArgv(ctx, argv, env) : argv, { env, stream: true, succeeded: zypperSucceeded, allowFailure: true, progress: parseZypperProgress });
    const noMigration = !dupMode && /No migration available/i.test(result.stdout + result.stderr);
    if (!result.ok || noMigration) {
      ctx.state.upgradeSucceeded = false;
      if (noMigration) {
        throw new StepError('Migration failed with: the registration server offers no migration for this system (No migration available)',
          'check the registration (SUSEConnect --status-text) and that the target product is available to it, or use --use-zypper-dup with target repositories');
      }
      const why = result.notFound ? 'zypper is not installed in the migration image' : describeZypperExit(result.exitCode);
      throw new StepError(`Migration failed with: zypper ${dupMode ? 'dup' : 'migration'} ${why}`, zypperHint(result.exitCode));
    }
    ctx.state.upgradeSucceeded = true;
    if (staged) await reportStagedUse(ctx, staged, result.stdout);
    ctx.log.info({ event: 'upgrade.done', exitCode: result.exitCode }, `zypper finished: ${describeZypperExit(result.exitCode)}`);
  },
};
