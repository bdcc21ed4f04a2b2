// What a pre-flight check is, what it gets (read-only facts about the host) and what it returns.
import type { MigrationConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/types.js';
import type { Exec } from '../system/exec.js';

export type Severity = 'inhibitor' | 'warning' | 'info';
export type CheckStatus = 'passed' | 'failed' | 'waived' | 'error';

export interface CheckContext {
  /** The host root, e.g. /system-root. */
  root: string;
  /** Host path under the root: host('/etc/fstab') = '/system-root/etc/fstab'. */
  host(p: string): string;
  config: MigrationConfig;
  mode: 'dup' | 'plugin';
  /** VERSION_ID of the release this image migrates to, and its major number. */
  target: { versionId: string; major: number };
  /** For read-only commands only (stat, xfs_info, rpm -q, blkid). */
  exec: Exec;
  log: Logger;
  /** The solver's plan, when it could be computed before the checks. */
  plan?: Plan;
  /** The kernel's /proc and /sys (the container shares the host kernel); tests point these elsewhere. */
  procDir: string;
  sysDir: string;
  /** CPU architecture (uname -m). */
  machine: string;
  /** The running kernel's release (uname -r): the host's, the container shares its kernel. */
  runningKernel: string;
}

/** What one check found. `severity` overrides the check's default for this finding. */
export type Finding = { ok: true; evidence: string[] } | { ok: false; evidence: string[]; remediation?: string; severity?: Severity };

export interface Check {
  /** Stable id: used in waivers and by tools reading the report; never reuse or rename one. */
  id: string;
  title: string;
  severity: Severity;
  /** The default remediation when a finding gives none. */
  remediation?: string;
  run(ctx: CheckContext): Promise<Finding>;
  /** Reads ctx.plan: runs after the solver's query; every other check runs while the solver works. */
  needsPlan?: boolean;
  /** `--fix` (and `run` with pre_checks_fix): repairs what the check found; returns what was done. */
  fix?(ctx: CheckContext): Promise<string[]>;
}

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  evidence: string[];
  remediation?: string;
  waiver?: { reason: string; expires?: string };
}

export const pass = (...evidence: string[]): Finding => ({ ok: true, evidence });
export const fail = (evidence: string[], extra: { remediation?: string; severity?: Severity } = {}): Finding => ({
  ok: false,
  evidence,
  ...extra,
});

/** Checks about changes that only the SLE 16 migration makes. */
export function notForTarget(ctx: CheckContext, major: number): Finding | undefined {
  return ctx.target.major < major ? pass(`not applicable: the target ${ctx.target.versionId} is not SLE ${major}`) : undefined;
}
