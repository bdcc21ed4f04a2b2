// Every log event of the program: its name, what it means and its fields. The logger accepts nothing else
// (log/logger.ts), docs/log-events.md and docs/log-events.schema.json are generated from this table
// (scripts/schemas.mjs), and the shim and the Ansible collection read only events listed here.
import { z } from 'zod';

const str = z.string();
const num = z.number();
const bool = z.boolean();
const strings = z.array(z.string());

/** One event: its name, what it says, and its own fields (besides level, time, msg, step, cmdId). */
function event<N extends string, S extends z.ZodRawShape>(name: N, doc: string, shape: S) {
  return { name, doc, shape };
}

/** The catalogue, grouped as the run goes: start, pre-flight, steps and commands, each step's own, the end. */
export const EVENT_TABLE = [
  // The run as a whole
  event('migration.start', 'first record of `run`: version, target, mode, the step ids in order', {
    version: str,
    target: str.describe('target VERSION_ID, or `unknown`'),
    mode: z.enum(['dup', 'plugin']),
    steps: strings.describe('every step id of this run in order, finish last'),
    startupMs: num.describe('process start to this record'),
  }),
  event('config', 'the configuration layers that contributed (the human line shows the merged result)', {
    sources: strings,
    setBy: z.record(str, str).describe('top-level key -> the layer that set it last (defaults are absent)'),
  }),
  event('config.yaml-1.1', "a configuration file uses YAML 1.1 forms (`debug: yes`), read as SUSE's DMS reads them; once per file", {
    file: str,
    forms: strings.describe('`key.path: text (value)` or `key.path.<< (merge key)`'),
  }),
  event('config.debug-ignored', 'a configuration file says `debug: true`, which only `--debug` asks for (the run does not hold)', {
    file: str,
  }),
  event('signal', 'SIGTERM or SIGINT arrived: the running command is stopped, the mounts are released', { signal: str }),
  event('journal.open', 'the journal was opened: a continued or a new run, and why', { continued: bool, reason: str }),
  event('journal.read', 'the journal could not be read (the run starts fresh)', {}),
  event('journal.write', 'the journal could not be written (the run goes on)', {}),
  event('journal.summary', 'the journal at the end of the run', { journal: z.record(str, z.unknown()) }),
  event('migration.summary', 'the result summary: systems before and after, packages, steps', {
    summary: z.record(str, z.unknown()).optional(),
  }),
  event('backup.advice', 'a host without a snapshot: where the originals are and the commands that put them back', {
    changes: num.describe('number of change records in the journal'),
  }),
  event('migration.end', 'last record of `run`: the outcome', {
    ok: bool,
    failedStep: str.optional().describe('the step that failed or was interrupted'),
    failedSteps: strings.optional().describe('non-fatal steps that failed after a successful upgrade'),
    interrupted: bool.optional(),
    preSnapshot: num.optional().describe('the snapshot `rollback` returns to'),
    system: str.optional().describe('PRETTY_NAME of the migrated host'),
  }),
  event('log.failed', 'a log file stopped taking lines during the run (e.g. a full /var/log); the others have them', {
    target: str,
    error: str.describe('the error code, e.g. ENOSPC'),
    lost: num.describe('lines that did not reach it'),
  }),
  event('issue.skipped', '/etc/issue links to something that is no login banner: no failure pointer is written there', {}),
  event('migration.done-earlier', 'the journal says this migration completed: nothing to do (run --restart to run it again)', {
    target: str,
    completed: str.describe('when the earlier run ended'),
  }),
  event('issue.restored', "the host's /etc/issue is back (it pointed to the log during the run)", {}),
  event('pause', 'test hook DMS_PAUSE_AT: the run waits at this point to be killed there (the fault suite)', {
    point: str.describe('where the run waits'),
  }),
  // Pre-flight and report
  event('plan.start', 'the solver is asked for the change plan', { mode: z.enum(['dup', 'plugin']) }),
  event('plan', 'the change plan in figures', {
    computed: bool,
    upgrade: num,
    install: num,
    remove: num,
    downgrade: num,
    vendorChange: num,
    problems: num,
    downloadBytes: num.optional(),
  }),
  event('finding', 'one check result', { check: str, severity: z.enum(['inhibitor', 'warning', 'info']), status: str }),
  event('waiver.unknown', 'a waiver names no check (ignored)', { id: str }),
  event('fix', 'a repair of the pre-flight checks was made (pre-checks-fix, check --fix)', {}),
  event('preflight.inhibited', '`run` stopped before any change: the inhibitors', { checks: strings }),
  event('report', 'the report was written', { files: strings, planMatched: bool.optional() }),
  event('report.error', 'the report could not be written', {}),
  event('result.error', "the shim's result file could not be written (the shim then goes by the exit code)", { error: str }),
  // Steps and commands
  event('step.start', 'a step begins', { title: str }),
  event('step.skip', 'a step does not apply, or was done by an earlier run (`done-earlier`)', { reason: str }),
  event('step.not-run', 'a step did not run: a step it needs did not succeed', { needs: str }),
  event('step.end', 'a step ended', {
    status: z.enum(['succeeded', 'failed', 'interrupted']),
    durationMs: num,
    error: str.optional(),
    hint: str.optional().describe('what the user can do'),
  }),
  event('cmd.start', 'an external command starts (argument list, secrets masked)', { argv: strings }),
  event('cmd.output', 'one line of a streamed command (zypper, dracut)', { stream: z.enum(['stdout', 'stderr']) }),
  event('cmd.end', 'an external command ended', {
    exitCode: num,
    signal: str.optional(),
    durationMs: num,
    ok: bool,
  }),
  event('cmd.error', 'a failed command: its output tail, or that it was not found', {}),
  event('cmd.background', 'a helper process starts (lock holder, D-Bus, NetworkManager)', { argv: strings }),
  event('exec.env', 'environment every later command gets (SYSTEMD_OFFLINE=1)', { env: z.record(str, str) }),
  event('progress', "zypper's progress: the plan's counts, then n of N downloads, installs, removals", {
    phase: z.enum(['plan', 'download', 'install', 'remove']),
    upgrade: num.optional(),
    install: num.optional(),
    remove: num.optional(),
    downgrade: num.optional(),
    done: num.optional(),
    total: num.optional(),
    percent: num.optional(),
    item: str.optional(),
  }),
  event('mount.release', 'a mount could not be released', {}),
  event('mounts.released', 'finish released every mount', { count: num }),
  // prepare
  event('prepare.proxy', "the host's proxy settings", { enabled: bool, keys: strings.optional() }),
  event('prepare.copy', 'a host file was copied into the container', { file: str }),
  event('prepare.cloud', 'public cloud: region server config, certificates, cache', {
    device: str.optional(),
    certDir: str.optional(),
    cacheDir: str.optional(),
  }),
  event('prepare.hosts', "the host's /etc/hosts", {}),
  event('prepare.trust', "the host's extra CA certificates", { dir: str.optional(), copied: num.optional() }),
  event('prepare.zypper-log', "where zypper's log goes", {}),
  event('prepare.network', "the container's network view (addresses, routes, DNS)", { file: str.optional() }),
  event('prepare.mount', 'a host directory was not mounted', {}),
  event('prepare.registration', 'plugin mode: is the host registered', { registered: bool.optional() }),
  // product-setup and upgrade
  event('product.unreadable', 'a product file could not be read (skipped)', {}),
  event('product.base', 'the base product', { product: z.object({ name: str.optional(), version: str.optional(), arch: str.optional() }) }),
  event('product.target-product', 'plugin mode: the target product', { target: str }),
  event('product.backup', 'the products as they were before the migration are kept', {}),
  event('product.target', '<register><target> of the base product', {}),
  event('upgrade.mode', 'dup or plugin mode', { mode: z.enum(['dup', 'plugin']) }),
  event('upgrade.done', 'zypper finished', { exitCode: num }),
  event('upgrade.debug-solver', 'debug_solver: zypper wrote a solver test case instead of upgrading', {}),
  event('upgrade.solver-testcase', "the solver test case reached the host's /var/log", {}),
  // Staging
  event('stage.start', '`stage` begins', { version: str }),
  event('stage.done', 'packages downloaded into the package cache', { packages: num, alreadyCached: num, bytes: num, file: str }),
  event('stage.end', '`stage` ended', { ok: bool }),
  event('stage.drop', '`stage --drop`: staged packages deleted', { removed: num }),
  event('stage.use', 'the upgrade installs from staged packages', { packages: num, stagedAt: str }),
  event('stage.used', 'what came from the staged cache and what was downloaded', {
    fromCache: num,
    downloaded: num,
    changedRepos: strings,
    downloadedPackages: strings.optional(),
    partial: bool.optional().describe("zypper's output could not be read to the end: the counts are what was read"),
  }),
  event('stage.offline', 'repositories unreachable: the upgrade uses the staged metadata', { exitCode: num }),
  // Snapshots and rollback
  event('snapshot.pre', 'the snapshot of the host before the migration', { number: num }),
  event('snapshot.post', 'the snapshot of the migrated host', { number: num }),
  event('snapshot.none', 'btrfs without snapper: no snapshot', {}),
  event('rollback.snapper', "snapper's output of the rollback", {}),
  event('rollback.done', 'the pre-migration snapshot is the default again', { snapshot: num }),
  // SLE 16 steps
  event('selinux.grub', 'security=apparmor -> security=selinux in /etc/default/grub', { replaced: num }),
  event('selinux.pattern', 'patterns-base-selinux installed (or not)', { ok: bool }),
  event('selinux.salt', 'venv-salt-minion re-installed for its SELinux policy', {}),
  event('network.sysconfig', "the host's /etc/sysconfig/network copied into the container", {}),
  event('network.wicked2nm', 'the wicked configuration converted (or why not)', { ran: bool }),
  event('network.wicked2nm.show', "wicked2nm's view after a failed conversion", {}),
  event('network.daemon', "the container's D-Bus and NetworkManager", { daemon: str, running: bool.optional() }),
  event('nm.connections', 'NetworkManager connections installed on the host', { files: strings }),
  event('nm.resolv', "what happened to the host's /etc/resolv.conf", {}),
  event('nm.backup', 'the wicked configuration moved under /var/migration', { backup: str }),
  event('pam.symlink', 'a PAM file that is a symlink (its target is handled on its own)', {}),
  event('pam.rewrite', 'split pam_unix modules consolidated in one file', { file: str, replaced: num }),
  event('pam.done', 'the PAM files rewritten', { files: num }),
  event('grub.packages', 'the migration packages removed', { removed: strings }),
  event('grub.mkconfig', 'grub.cfg regenerated', {}),
  event('initrd.done', 'host-independent initrds built', {}),
  event('finish.debug', 'debug: the run holds with the mounts in place, and how it ended', {
    mounts: strings.optional(),
    tty: bool.optional(),
    container: str.optional(),
    signal: str.optional(),
  }),
] as const;

type EventOf<E> = E extends { name: infer N; shape: infer S extends z.ZodRawShape }
  ? keyof S extends never
    ? { event: N }
    : { event: N } & z.input<z.ZodObject<S>>
  : never;

/** The first argument of every log call: an event name and exactly its fields. */
export type LogEvent = EventOf<(typeof EVENT_TABLE)[number]>;

/** The event names, in the catalogue's order. */
export const EVENT_NAMES: readonly string[] = EVENT_TABLE.map((e) => e.name);

/** Fields every JSON line has besides the event's own. */
const RECORD_BASE = {
  level: z.number().describe('pino level: 20 debug, 30 info, 40 warn, 50 error'),
  time: z.string().describe('ISO 8601, UTC (ends in Z)'),
  msg: z.string().describe('the human-readable line'),
  step: z.string().optional().describe('the step the record belongs to'),
  cmdId: z.number().optional().describe('the command the record belongs to (cmd.* and progress)'),
  runId: z
    .string()
    .optional()
    .describe('one id per container process: tells the runs in one appended log apart (every record of a run has it)'),
};

/** One line of /var/log/distro_migration.jsonl: exactly one of the events, with the common fields. */
export const logRecordSchema = z.union(
  EVENT_TABLE.map((e) => z.strictObject({ ...RECORD_BASE, event: z.literal(e.name), ...e.shape }).describe(`${e.name}: ${e.doc}`)),
);

/** JSON Schema (draft 2020-12) of a JSON log line, as checked in at docs/log-events.schema.json. */
export function logRecordJsonSchema(): object {
  return { title: 'dms JSON log line (/var/log/distro_migration.jsonl)', ...z.toJSONSchema(logRecordSchema, { target: 'draft-2020-12' }) };
}

/** The Markdown table of docs/log-events.md. */
export function logEventsMarkdown(): string {
  const fields = (shape: z.ZodRawShape) =>
    Object.entries(shape)
      .map(([key, schema]) => `\`${key}\`${(schema as z.ZodType).safeParse(undefined).success ? '?' : ''}`)
      .join(', ') || '—';
  return [
    '| event | meaning | fields |',
    '|---|---|---|',
    ...EVENT_TABLE.map((e) => `| \`${e.name}\` | ${e.doc.replaceAll('|', '\\|')} | ${fields(e.shape)} |`),
  ].join('\n');
}
