// The result summary at the end of a run: system before and after, package changes, steps, failure, log paths.
import type { MigrationOutcome } from '../journal/outcome.js';
import type { Logger } from '../log/logger.js';
import { HOST_FILES, onHost } from '../paths.js';
import type { Exec } from '../system/exec.js';
import { describeRelease, readOsRelease } from '../system/os-release.js';
import { installedPackages, type PackageSet } from '../system/rpm-db.js';

/** What the summary reads the host with. */
export interface SummaryHost {
  log: Logger;
  exec: Exec;
  /** The host root, e.g. /system-root. */
  root: string;
}

export interface PackageChanges {
  upgraded: number;
  added: string[];
  removed: string[];
  before: number;
  after: number;
}

/** Taken before the first step: what the summary compares the end of the run with. */
export interface RunSnapshot {
  release: string;
  packages?: PackageSet;
}

export type Summary = {
  ok: boolean;
  before: string;
  after: string;
  packages?: PackageChanges;
  steps: Array<{ id: string; status: string; durationMs: number }>;
  failedStep?: string;
  error?: string;
  hint?: string;
  exitCode: 0 | 1;
  logs: string[];
};

export function diffPackages(before: PackageSet, after: PackageSet): PackageChanges {
  return {
    upgraded: [...after].filter(([name, version]) => before.has(name) && before.get(name)!.join() !== version.join()).length,
    added: [...after.keys()].filter((name) => !before.has(name)).sort(),
    removed: [...before.keys()].filter((name) => !after.has(name)).sort(),
    before: before.size,
    after: after.size,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function list(names: string[], max = 8): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, max).join(', ');
  return ` (${shown}${names.length > max ? `, +${names.length - max} more` : ''})`;
}

/** The human block: a few aligned lines. */
export function formatSummary(s: Summary): string {
  const p = s.packages;
  const width = Math.max(18, ...s.steps.map((st) => st.id.length));
  const lines = [
    `Migration summary: ${s.ok ? 'SUCCEEDED' : 'FAILED'}`,
    `  system:   ${s.before} -> ${s.after}`,
    p
      ? `  packages: ${p.upgraded} upgraded, ${p.added.length} new${list(p.added)}, ${p.removed.length} removed${list(p.removed)} (${p.before} before, ${p.after} after)`
      : '  packages: unknown (rpm -qa of the host root failed; see above)',
    ...s.steps.map((st, i) =>
      `${i === 0 ? '  steps:   ' : '           '} ${st.id.padEnd(width)} ${st.status.padEnd(9)} ${st.status === 'succeeded' || st.status === 'failed' ? seconds(st.durationMs) : ''}`.trimEnd(),
    ),
    ...(s.failedStep ? [`  failed:   ${s.failedStep}${s.error ? `: ${s.error}` : ''}`] : []),
    ...(s.hint ? [`  hint:     ${s.hint}`] : []),
    `  result:   exit code ${s.exitCode} (${HOST_FILES.exitCode})`,
    `  logs:     ${s.logs.join(', ')}`,
  ];
  return lines.join('\n');
}

async function hostRelease(host: SummaryHost): Promise<string> {
  return describeRelease(await readOsRelease(onHost(host.root, HOST_FILES.osRelease)).catch(() => undefined));
}

/** `packages`: the host's package list when the caller already read it (the pre-flight gate does). */
export async function takeSnapshot(ctx: SummaryHost, packages?: PackageSet): Promise<RunSnapshot> {
  packages ??= await installedPackages(ctx.exec, ctx.root);
  return { release: await hostRelease(ctx), ...(packages ? { packages } : {}) };
}

/**
 * Logs the summary block and a `migration.summary` event; never fails the run. Returns the host's
 * package list at the end (the report compares it with the plan).
 */
export async function logSummary(
  ctx: SummaryHost,
  snapshot: RunSnapshot,
  outcome: MigrationOutcome,
  exitCode: 0 | 1,
): Promise<PackageSet | undefined> {
  let after: PackageSet | undefined;
  try {
    const failed = outcome.steps.find((st) => st.id === outcome.failedStep);
    after = await installedPackages(ctx.exec, ctx.root);
    const summary: Summary = {
      ok: outcome.ok,
      before: snapshot.release,
      after: await hostRelease(ctx),
      ...(snapshot.packages && after ? { packages: diffPackages(snapshot.packages, after) } : {}),
      steps: outcome.steps.map(({ id, status, durationMs }) => ({ id, status, durationMs })),
      ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}),
      ...(failed?.error ? { error: failed.error } : {}),
      ...(failed?.hint ? { hint: failed.hint } : {}),
      exitCode,
      logs: [HOST_FILES.log, HOST_FILES.jsonLog],
    };
    ctx.log.info({ event: 'migration.summary', summary }, formatSummary(summary));
  } catch (err) {
    ctx.log.warn({ event: 'migration.summary' }, `no summary: ${(err as Error).message}`);
  }
  return after;
}
