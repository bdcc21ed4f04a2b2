// Opens the host session once for the commands that work on the host: the root check, the configuration,
// the run facts, the lock, the logs, the command runner, the mounts and the door to the host's files.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { describeConfig } from '../config/describe.js';
import { hostDropinDir, loadConfig, type LoadedConfig } from '../config/load.js';
import { noteText } from '../config/notes.js';
import type { MigrationConfig } from '../config/schema.js';
import { ConfigError, UsageError } from '../errors.js';
import { pathExists } from '../system/fs.js';
import { resolveInRoot } from '../system/host-files.js';
import { resolveFacts, type RunFacts } from '../facts/run-facts.js';
import { createLogger, type LogFailure, type Logger } from '../log/logger.js';
import { HOST_FILES, onHost, type ContainerPaths } from '../paths.js';
import { Exec } from '../system/exec.js';
import { type ChangeRecorder, HostFiles } from '../system/host-files.js';
import { acquireLock, type HeldLock } from '../system/lock.js';
import { Mounts } from '../system/mounts.js';
import { optionsToLayer, type RunOptions } from './options.js';

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

/** The configuration layers (image, its drop-ins, the host's file, its drop-ins, the options), merged. */
export async function loadEffectiveConfig(paths: ContainerPaths, options: RunOptions = {}): Promise<LoadedConfig> {
  return loadConfig({
    imageFile: paths.imageConfig,
    dropinDir: paths.dropinDir,
    hostFile: await hostConfigFile(paths.systemRoot, HOST_FILES.hostConfig),
    hostDropins: await hostConfigFile(paths.systemRoot, hostDropinDir(HOST_FILES.hostConfig)),
    overrides: optionsToLayer(options),
  });
}

/**
 * A host configuration path with its links resolved inside the host root (an absolute link on the host points
 * into the host, not into this container); a link whose target the host does not have is an error, not a
 * silently missing file.
 */
async function hostConfigFile(root: string, hostPath: string): Promise<string> {
  const target = await resolveInRoot(root, hostPath);
  if (target !== hostPath && !(await pathExists(onHost(root, target)))) {
    throw new ConfigError(hostPath, `is a link to ${target}, which the host does not have: fix the link or remove it`);
  }
  return onHost(root, target);
}

/** The host's log files; one that cannot be opened (read-only, full, a dangling link) is a one-line refusal, exit 2. */
function openHostLogs(paths: ContainerPaths) {
  try {
    return createLogger({
      humanFile: onHost(paths.systemRoot, HOST_FILES.log),
      jsonFile: onHost(paths.systemRoot, HOST_FILES.jsonLog),
      runId: randomUUID(),
      // Set by the shim when it follows the run on a terminal: the status line travels in the console stream.
      statusLine: process.env.DMS_STATUS_LINE === '1',
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      `cannot write the log in the host's ${HOST_FILES.log.replace(/\/[^/]+$/, '')} (${e.code ?? e.message}${e.path ? `: ${e.path.slice(paths.systemRoot.length) || '/'}` : ''}): make /var/log a writable directory on the host; nothing was changed`,
    );
  }
}

/** The logs, the runner and the mounts of a command that works on the host, with the lock when asked. */
export interface HostHandles {
  log: Logger;
  exec: Exec;
  mounts: Mounts;
  /** The log sinks that stopped taking lines (a full or read-only /var/log): the run reports them at its end. */
  logFailures(): LogFailure[];
  /** Closes the logs and frees the lock. */
  close(): Promise<void>;
}

export interface HostHandlesSpec {
  /**
   * Hold the one-migration lock: `true` for every command that may change the host; `if-present` for one that
   * only reads (check): it holds the lock when the lock file exists (a migration may be running), and does not
   * create the file when it does not (no migration ever ran, nothing to wait for).
   */
  lock: boolean | 'if-present';
  /** `host`: the log files on the host and the console; `none`: nothing (check writes no log). */
  logs: 'host' | 'none';
  /** `own`: the command handles SIGTERM and SIGINT itself (`run`); default: stopOnSignal. */
  signals?: 'own';
}

/** The signal that stopped this process's command, if one did (the CLI's exit code: 143 or 130). */
let stoppedBy: NodeJS.Signals | undefined;
export const stopSignal = (): NodeJS.Signals | undefined => stoppedBy;

/** A helper still running this long after SIGTERM is killed; beyond the grace the process ends anyway (as PID 1
 * nothing else would end it; podman stop sends SIGKILL after 10 s). */
const STOP_KILL_MS = 3_000;
const STOP_GRACE_MS = 8_000;

/**
 * SIGTERM/SIGINT for every command but `run` (which stops zypper and releases its mounts itself): the running
 * command is stopped; the command then ends with InterruptedError after its clean-up (views unmounted, lock
 * freed). Returns the function that removes the handlers.
 */
function stopOnSignal(exec: Exec, log: Logger): () => void {
  let grace: NodeJS.Timeout | undefined;
  let kill: NodeJS.Timeout | undefined;
  const on = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    log.warn({ event: 'signal', signal }, `received ${signal}: stopping the running command, then ending`);
    exec.interrupt('SIGTERM');
    // These commands change nothing a killed helper could leave half done (a dry run in a throw-away view, a
    // download into the package cache): one that does not end on SIGTERM (zypper waiting on a server) is killed.
    kill ??= setTimeout(() => exec.interrupt('SIGKILL'), STOP_KILL_MS).unref();
    grace ??= setTimeout(() => {
      process.stderr.write(`dms: stopped by ${signal}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', on);
  process.on('SIGINT', on);
  return () => {
    clearTimeout(kill);
    clearTimeout(grace);
    process.off('SIGTERM', on);
    process.off('SIGINT', on);
  };
}

/**
 * Takes the lock (before the logs: a refused second run must not write into the running one's log),
 * then opens the logs and the runner; the mount ledger of an earlier interrupted run is picked up.
 */
export async function openHostHandles(paths: ContainerPaths, spec: HostHandlesSpec): Promise<HostHandles> {
  const lockFile = onHost(paths.systemRoot, HOST_FILES.lock);
  const wanted = spec.lock === 'if-present' ? await pathExists(lockFile) : spec.lock;
  const lock: HeldLock | undefined = wanted ? await acquireLock(new Exec(createLogger({ consoleFd: null }).log), lockFile) : undefined;
  try {
    const logs = spec.logs === 'host' ? openHostLogs(paths) : createLogger({ consoleFd: null });
    const exec = new Exec(logs.log);
    const mounts = new Mounts(paths.ledger, exec, logs.log);
    await mounts.load();
    const signals = spec.signals === 'own' ? undefined : stopOnSignal(exec, logs.log);
    return {
      log: logs.log,
      exec,
      mounts,
      logFailures: () => logs.failures(),
      async close() {
        signals?.();
        logs.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

export interface Session extends HostHandles, Pick<LoadedConfig, 'setBy' | 'notes'> {
  paths: ContainerPaths;
  config: MigrationConfig;
  /** The configuration layers that contributed, in order. */
  applied: string[];
  facts: RunFacts;
  /** The door to the host's files; `record` is where its changes go (the run's journal). */
  files(record?: ChangeRecorder, createdEarlier?: readonly string[]): HostFiles;
}

export interface SessionSpec extends HostHandlesSpec {
  options: RunOptions;
  /** Refusals that need the configuration or the facts: before anything on the host is touched. */
  refuse?(config: MigrationConfig, facts: RunFacts): void;
}

/** Opens the session: bad input is refused (exit 2) before the lock or a log touches the host. */
export async function openSession(paths: ContainerPaths, spec: SessionSpec): Promise<Session> {
  await checkSystemRoot(paths);
  const { config, applied, setBy, notes } = await loadEffectiveConfig(paths, spec.options);
  const facts = await resolveFacts({ systemRoot: paths.systemRoot, imageOsRelease: paths.imageOsRelease, config });
  spec.refuse?.(config, facts);
  const handles = await openHostHandles(paths, spec);
  return {
    ...handles,
    paths,
    config,
    applied,
    setBy,
    notes,
    facts,
    files: (record, createdEarlier) => new HostFiles(paths.systemRoot, record, createdEarlier),
  };
}

/**
 * Logs where the configuration came from (with `content`, the merged result and which layer set each key), then
 * each note of the loader on its own line: a file's YAML 1.1 forms (info), a file's ignored `debug: true` (warning).
 */
export function logConfig(session: Pick<Session, 'log' | 'config' | 'applied' | 'setBy' | 'notes'>, content: boolean): void {
  const { log, applied, setBy } = session;
  const from = `configuration from ${applied.length > 0 ? applied.join(', ') : 'defaults only'}`;
  log.info({ event: 'config', sources: applied, setBy }, content ? `${from}:\n${describeConfig(session).trimEnd()}` : from);
  for (const note of session.notes) {
    if (note.kind === 'yaml-1.1') log.info({ event: 'config.yaml-1.1', file: note.source, forms: note.forms }, noteText(note));
    else log.warn({ event: 'config.debug-ignored', file: note.source }, noteText(note));
  }
}

/** Runs `body` in a session and always closes it. */
export async function withSession<T>(paths: ContainerPaths, spec: SessionSpec, body: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(paths, spec);
  try {
    return await body(session);
  } finally {
    await session.close();
  }
}
