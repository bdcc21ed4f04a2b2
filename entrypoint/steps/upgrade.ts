// upgrade (SPEC 5.6, "migrate"): zypper dup (dup mode) or zypper migration (plugin mode) of the host root.
import { readFile } from 'node:fs/promises';
import { StepError } from '../errors.js';
import { PRODUCT_NOT_FOUND } from '../facts/run-facts.js';
import {
  describePluginExit,
  describeZypperExit,
  dupArgv,
  migrationArgv,
  pluginHint,
  zypperHint,
  zypperSucceeded,
} from '../system/zypper.js';
import { parseZypperProgress } from '../system/zypper-progress.js';
import { ZypperXmlOutput } from '../system/zypper-xml-output.js';
import { announceStaged, reportStagedUse, stagedArgv } from '../stage/use.js';
import type { Step } from './types.js';
import { copySolverTestCase } from './upgrade/solver-testcase.js';

/** zypper's answer when the migration plugin (suseconnect-ng) is not installed. */
const NO_PLUGIN = /is not a zypper command|Unknown command 'migration'|zypper-migration.*not found/i;

/**
 * The original's parse (migrate.py is_single_rpmtrans_requested): the first match of
 * `migration.single_rpmtrans=([\w]+)` anywhere in the command line, the dot any character but a
 * newline and `\w` Python's Unicode word characters; the value, lower-cased, `true` or `1` is on.
 * So `migration.single_rpmtrans=1,x` is on (the value stops at the comma), and an unquoted prefix
 * such as `rd.migration.single_rpmtrans=1` counts too.
 */
const SINGLE_RPMTRANS = /migration[^\n]single_rpmtrans=([\p{L}\p{N}_]+)/u;

/** `migration.single_rpmtrans=true|1` on the kernel command line switches zypp to one RPM transaction. */
export function singleRpmTransEnv(cmdline: string): Record<string, string> {
  const value = SINGLE_RPMTRANS.exec(cmdline)?.[1]?.toLowerCase();
  const on = value === 'true' || value === '1';
  const flag = on ? '1' : '0';
  return { ZYPP_SINGLE_RPMTRANS: flag, ZYPP_NO_USRMERGE_PROTECT: flag };
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
    const env = { ...ctx.output('prepare')?.commandEnv, ...singleRpmTransEnv(await kernelCmdline()) };
    const root = ctx.paths.systemRoot;
    const { mode, target } = ctx.facts;
    const dupMode = mode === 'dup';
    if (!dupMode && !target.product) {
      throw new StepError(
        target.productProblem ?? PRODUCT_NOT_FOUND,
        'set migration_product (NAME/VERSION/ARCH) in /etc/sle-migration-service.yml or pass --product',
      );
    }
    const product = target.product ?? '';
    const argv = dupMode
      ? dupArgv(root)
      : migrationArgv({ systemRoot: root, product, verbose: ctx.config.verbose_migration, debugSolver: ctx.config.debug_solver });
    ctx.log.info(
      { event: 'upgrade.mode', mode },
      dupMode ? 'dup mode: zypper dup against the repositories configured on the host' : `migration-plugin mode: target ${product}`,
    );

    // Plugin mode: any non-zero exit fails (SPEC 5.6 #3); dup mode: zypper's exit-code semantics.
    const succeeded = dupMode ? zypperSucceeded : (code: number) => code === 0;
    const host = { log: ctx.log, exec: ctx.exec, root };
    const staged = dupMode ? await announceStaged(host) : undefined;
    // dup mode: zypper's --xmlout read as it comes; plugin mode: the plugin's zypper prints text (it passes no --xmlout).
    const xml = dupMode ? new ZypperXmlOutput() : undefined;
    const result = await ctx.exec.run(staged ? await stagedArgv(host, env) : argv, {
      env,
      stream: true,
      succeeded,
      allowFailure: true,
      ...(xml ? { stdoutReader: xml } : { progress: parseZypperProgress }),
    });
    await copySolverTestCase(ctx);
    const output = result.stdout + result.stderr;
    const noMigration = !dupMode && /No migration available/i.test(output);
    if (!result.ok || noMigration) {
      if (noMigration) {
        throw new StepError(
          `Migration failed with: the registration server offers no migration of this system to ${product} (zypper migration: No migration available)`,
          'check the registration (SUSEConnect --status-text on the host), that the target product is right (--product NAME/VERSION/ARCH) and that the registration server (SCC, RMT, SMT) offers it; or use --use-zypper-dup with target repositories',
        );
      }
      if (!dupMode && NO_PLUGIN.test(output)) {
        throw new StepError(
          'Migration failed with: the zypper migration plugin is not installed in the migration image',
          'use a migration image with suseconnect-ng (it provides `zypper migration`), or --use-zypper-dup',
        );
      }
      const why = result.notFound
        ? 'zypper is not installed in the migration image'
        : result.signal
          ? `was killed by signal ${result.signal}`
          : dupMode
            ? describeZypperExit(result.exitCode)
            : describePluginExit(result.exitCode);
      const hint = dupMode ? zypperHint(result.exitCode) : pluginHint(result.exitCode);
      throw new StepError(`Migration failed with: zypper ${dupMode ? 'dup' : 'migration'} ${why}`, hint);
    }
    if (!dupMode && ctx.config.debug_solver) {
      ctx.log.warn(
        { event: 'upgrade.debug-solver' },
        'debug_solver is set: zypper wrote a solver test case instead of installing packages; run again without it to upgrade',
      );
    }
    if (staged && xml)
      await reportStagedUse(host, staged, { fromCache: xml.fromCache(), downloaded: xml.downloaded, complete: xml.complete });
    ctx.log.info({ event: 'upgrade.done', exitCode: result.exitCode }, `zypper finished: ${describeZypperExit(result.exitCode)}`);
  },
};
