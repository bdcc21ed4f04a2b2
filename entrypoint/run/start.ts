// `run`: checks the input, opens the logs on the host, wires the context and runs the migration.
import { stat } from 'node:fs/promises';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { createLogger } from '../log/logger.js';
import { optionsToLayer, type RunOptions } from '../options.js';
import { HOST_FILES, onHost, type ContainerPaths } from '../paths.js';
import { finalStep, stepsFor, targetMajor } from '../steps/index.js';
import type { StepContext } from '../steps/types.js';
import { Exec } from '../system/exec.js';
import { acquireLock } from '../system/lock.js';
import { Mounts } from '../system/mounts.js';
import { describeRelease, readOsRelease, type OsRelease } from '../system/os-release.js';
import { VERSION } from '../version.js';
import { runMigration } from './migration.js';
import { readExitCode } from './result-files.js';
import { preflightGate } from '../report/run-gate.js';

/** Refuses to start unless the host root is mounted; nothing is written before this passes. */
export async function checkSystemRoot(paths: ContainerPaths): Promise<void> {
  const root = paths.systemRoot;
  const isDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const hasEtc =
    isDir &&
    (await stat(onHost(root, '/etc')).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  if (!hasEtc) {
    throw new UsageError(`no host system at ${root} (${isDir ? 'it has no /etc' : 'not mounted'}): run the image with -v /:${root}`);
  }
}

/**
 * The release this image migrates to: the image's os-release, unless the image declares it with
 * DMS_TARGET_VERSION_ID (set by the Containerfile's TARGET_VERSION_ID for non-SUSE test bases).
 */
export async function readTarget(paths: ContainerPaths): Promise<OsRelease> {
  const release = (await readOsRelease(paths.imageOsRelease)) ?? {};
  const declared = process.env.DMS_TARGET_VERSION_ID;
  if (!declared) return release;
  return {
    ...release,
    VERSION_ID: declared,
    PRETTY_NAME: `SLE ${declared} (declared by the image on a ${release.PRETTY_NAME ?? 'non-SUSE'} base)`,
  };
}

/** For the commands that work on the host (run, stage): checks that it is mounted, then loads the configuration. */
export async function loadHostConfig(paths: ContainerPaths, options: RunOptions) {
  await checkSystemRoot(paths);
  return loadConfig({
    imageFile: paths.imageConfig,
    dropinDir: paths.dropinDir,
    hostFile: onHost(paths.systemRoot, HOST_FILES.hostConfig),
    overrides: optionsToLayer(options),
  });
}

export async function startRun(paths: ContainerPaths, options: RunOptions): Promise<number> {
  const { config, applied } = await loadHostConfig(paths, options);
  const target = await readTarget(paths);

  // Before the logs: a refused second run must not write into the running one's log.
  const lock = await acquireLock(new Exec(createLogger({ consoleFd: null }).log), onHost(paths.systemRoot, HOST_FILES.lock));
  const logs = createLogger({
    humanFile: onHost(paths.systemRoot, HOST_FILES.log),
    jsonFile: onHost(paths.systemRoot, HOST_FILES.jsonLog),
  });
  const log = logs.log;
  const exec = new Exec(log);
  const mounts = new Mounts(paths.ledger, exec, log);
  await mounts.load();

  const onSignal = (signal: NodeJS.Signals) => {
    log.warn({ event: 'signal', signal }, `received ${signal}: stopping the running command, then releasing mounts`);
    exec.interrupt('SIGTERM');
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    const hostRelease = await readOsRelease(onHost(paths.systemRoot, HOST_FILES.osRelease));
    const steps = [...stepsFor(targetMajor(target.VERSION_ID)), finalStep].map((s) => s.id);
    // startupMs: process start to this first log line (the benchmark reads it).
    log.info(
      { event: 'migration.start', version: VERSION, target: target.VERSION_ID, steps, startupMs: Math.round(performance.now()) },
      `Distribution migration ${VERSION}: ${describeRelease(hostRelease)} -> ${describeRelease(target)}`,
    );
    log.info(
      { event: 'config', sources: applied },
      `configuration from ${applied.length > 0 ? applied.join(', ') : 'defaults only'}:\n${stringify(config).trimEnd()}`,
    );
    const ctx: StepContext = {
      config,
      log,
      exec,
      mounts,
      paths,
      target,
      state: { upgradeEnv: {} },
      host: (p) => onHost(paths.systemRoot, p),
    };
    // Pre-flight before the first change: an inhibitor stops here (report and log written, nothing else).
    const gate = await preflightGate({
      root: paths.systemRoot,
      config,
      targetVersionId: target.VERSION_ID ?? String(targetMajor(target.VERSION_ID)),
      exec,
      log,
    });
    if (!gate.proceed) return 1;
    const outcome = await runMigration(ctx, stepsFor(targetMajor(target.VERSION_ID)), finalStep, {
      restart: options.restart ?? false,
      ...(gate.packagesBefore ? { packagesBefore: gate.packagesBefore } : {}),
    });
    await gate.finish(outcome);
    // The container exits with the exit-code file's value (SPEC 5.14), which a failed run never sets to 0.
    return outcome.ok ? readExitCode(paths.systemRoot) : 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    logs.close();
    await lock.release();
  }
}
