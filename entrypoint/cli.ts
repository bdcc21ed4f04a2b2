// Command-line interface of the in-container program: parses argv, dispatches, maps outcomes to exit codes.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { checkCommand, type CheckOptions } from './commands/check.js';
import { configCommand } from './commands/config.js';
import { endsCommand } from './commands/ends.js';
import type { RunOptions } from './commands/options.js';
import { rollbackCommand } from './commands/rollback.js';
import { runCommand } from './commands/run.js';
import { dropStagedCommand, stageCommand } from './commands/stage.js';
import { supportBundleCommand } from './commands/support-bundle.js';
import { stopSignal } from './commands/session.js';
import { hostDropinDir } from './config/load.js';
import { PRODUCT_PATTERN } from './config/schema.js';
import { oneLine } from './cli-text.js';
import { InterruptedError, UsageError } from './errors.js';
import { CONTAINER_PATHS, HOST_FILES, type ContainerPaths } from './paths.js';
import { BUNDLE_DIR } from './support/bundle.js';
import { LockBusyError } from './system/lock.js';
import { VERSION } from './version.js';
import { REPORT_FILES } from './report/write.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, busy: 3, internal: 4 } as const;

function parseProduct(value: string): string {
  if (!PRODUCT_PATTERN.test(value)) {
    throw new InvalidArgumentError(`"${oneLine(value, 80)}" is not NAME/VERSION/ARCH (e.g. SLES/15.7/x86_64)`);
  }
  return value;
}

function parseSnapshot(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a snapshot number`);
  return Number.parseInt(value, 10);
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--use-zypper-dup', 'dup mode: zypper dup against the target repositories set up on the host (no registration needed)')
    .option('--product <NAME/VERSION/ARCH>', 'target product for zypper migration, e.g. SLES/15.7/x86_64 (plugin mode)', parseProduct)
    .option(
      '--debug',
      'hold at the end with the mounts in place: a shell with a terminal, else until podman stop (only this option: a debug: true in a file is ignored)',
    )
    .option('--verbose', 'run zypper migration with --verbose (verbose_migration)')
    .option('--debug-solver', 'let zypper migration write a solver test case to /var/log/zypper.solverTestCase');
}

const EPILOG = `
Configuration (lowest to highest precedence): ${CONTAINER_PATHS.imageConfig},
${CONTAINER_PATHS.dropinDir}/*.yml, the host's ${HOST_FILES.hostConfig},
its drop-ins ${hostDropinDir(HOST_FILES.hostConfig)}/*.yml, then options.
Options apply to this run only: no configuration file is rewritten.

Results on the host: ${HOST_FILES.log} (human-readable),
${HOST_FILES.jsonLog} (JSON lines),
${HOST_FILES.exitCode} (1 until the migration succeeded, then 0),
${HOST_FILES.result} (how \`run\` ended, one line for the shim).

Pre-flight: \`check\` (and \`run\`, before any change) writes
${REPORT_FILES.json}, ${path.extname(REPORT_FILES.html)} and ${path.extname(REPORT_FILES.text)};
an inhibitor stops \`run\` before it changes the host.

Exit codes: 0 migration succeeded (check: ready), 1 migration failed or
inhibited (see the report), 2 bad options or configuration (nothing was
changed), 3 another migration is running on this host (nothing was changed),
4 internal error (a bug: the stack is in the log), 130/143 stopped by
SIGINT/SIGTERM before any change (run: see its log).

Example:
  podman run --rm --privileged --net host -v /:/system-root \\
    -v /var/log:/var/log IMAGE run --use-zypper-dup`;

export function buildProgram(paths: ContainerPaths, setExit: (code: number) => void): Command {
  const program = new Command('dms')
    .description(
      'Distribution Migration System: upgrades the SUSE Linux Enterprise host mounted at /system-root to the release of this image.',
    )
    .version(VERSION, '-V, --version')
    .addHelpText('after', EPILOG)
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // commander's "error: ..." (it echoes the bad value) as one line, like every other refusal; its suggestion
      // ("(Did you mean --check?)") on a line of its own.
      outputError: (text, write) => {
        const message = text.trim().replace(/^error: /, '');
        const suggestion = /\n(\(Did you mean (?:one of )?[\w ,-]+\?\))$/.exec(message);
        const error = suggestion ? message.slice(0, suggestion.index) : message;
        write(`dms: ${oneLine(error, 400)} (run with --help for usage)\n${suggestion ? `${suggestion[1]}\n` : ''}`);
      },
    })
    .exitOverride();

  addRunOptions(program.command('run', { isDefault: false }))
    .description('migrate the host mounted at /system-root (the image default); continues an unfinished earlier run')
    .option('--restart', 'start over instead of continuing the unfinished earlier run recorded in /var/lib/dms/journal.json')
    .action(async (options: RunOptions) => setExit(await runCommand(paths, options)));

  program
    .command('check')
    .description(
      "run every pre-flight check and the solver's dry run against /system-root and write the report; changes nothing. Exit 0 ready, 1 inhibited, 2 bad options or configuration",
    )
    .option('--use-zypper-dup', 'check for dup mode (zypper dup against the target repositories on the host)')
    .option('--product <NAME/VERSION/ARCH>', 'target product (plugin mode)', parseProduct)
    .option(
      '--fix',
      'repair what can be repaired (multiversion.kernels in zypp.conf, kernels neither linked by /boot/vmlinuz (Image, vmlinux, image) nor running), then check again',
    )
    .action(async (options: CheckOptions) => setExit(await checkCommand(paths, options)));
  addRunOptions(program.command('stage'))
    .description(
      `download every package the upgrade needs into the host's ${HOST_FILES.packageCache} (dup mode), install nothing; the next run installs from there`,
    )
    .option('--drop', `delete the staged packages and ${HOST_FILES.staged} instead`)
    .action(async (options: RunOptions & { drop?: boolean }) =>
      setExit(options.drop ? await dropStagedCommand(paths) : await stageCommand(paths, options)),
    );

  addRunOptions(program.command('ends'))
    .description(
      "print the migration's two ends, the host's release and this image's target, as one line of tab-separated KEY=VALUE fields (source, target, target_version, reboot: what the migrate shim asks about, how its --reboot reboots); changes nothing",
    )
    .action(async (options: RunOptions) => setExit(await endsCommand(paths, options)));
  addRunOptions(program.command('config'))
    .description('print the effective configuration (files merged with the options) and exit; changes nothing')
    .action(async (options: RunOptions) => setExit(await configCommand(paths, options)));
  program
    .command('rollback')
    .description('btrfs hosts with snapper: make the snapshot taken before the migration the default subvolume again; then reboot the host')
    .option('--snapshot <N>', 'roll back to this snapshot instead of the recorded pre-migration one', parseSnapshot)
    .action(async (options: { snapshot?: number }) => setExit(await rollbackCommand(paths, options.snapshot)));
  program
    .command('support-bundle')
    .description(
      `write one tar archive for support (logs, report, journal, config, repositories, products, mounts, packages; secrets redacted) to the host's ${BUNDLE_DIR}`,
    )
    .action(async () => setExit(await supportBundleCommand(paths)));
  return program;
}

/**
 * A bug (an error no command turned into a message): one line on stderr, the stack appended to the host's
 * log when it can be written, exit code 4. The session has closed by now, so its lock is free.
 */
function internalError(err: unknown, paths: ContainerPaths): number {
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error && err.stack ? err.stack : message;
  const log = path.join(paths.systemRoot, HOST_FILES.log.slice(1));
  let where = '';
  try {
    appendFileSync(log, `${new Date().toISOString().replace('T', ' ').slice(0, 19)} ERROR internal error: ${stack}\n`);
    where = `; the stack is in ${HOST_FILES.log}`;
  } catch {
    // no log to write to (none mounted, read-only or full): the message is all there is
  }
  process.stderr.write(`dms: internal error: ${oneLine(message, 300)}${where}; please report it with the output of \`support-bundle\`\n`);
  return EXIT.internal;
}

/** Runs the CLI; resolves to the process exit code. Errors for bad input are one line on stderr. */
export async function main(argv: string[], paths: ContainerPaths = CONTAINER_PATHS): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(paths, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof LockBusyError) {
      process.stderr.write(`dms: ${err.message}\n`);
      return EXIT.busy;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`dms: ${oneLine(err.message, 1000)}\n`);
      return EXIT.usage;
    }
    const signal = stopSignal();
    if (err instanceof InterruptedError && signal) {
      process.stderr.write(`dms: stopped by ${signal}: ${oneLine(err.message, 1000)}\n`);
      return signal === 'SIGINT' ? 130 : 143;
    }
    return internalError(err, paths);
  }
}
