// What a pre-flight check is, what it gets (read-only facts about the host) and what it returns.
import type { MigrationConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../plan/types.js';
import type { RunFacts } from '../facts/run-facts.js';
import type { Exec } from '../system/exec.js';
import type { HostFiles } from '../system/host-files.js';
import type { ReadOnlyExec } from '../system/read-only.js';

export type Severity = 'inhibitor' | 'warning' | 'info';
/** not-applicable: the check has nothing to judge on this host or for this target (it is not a pass). */
export type CheckStatus = 'passed' | 'not-applicable' | 'failed' | 'waived' | 'error';

export interface CheckContext {
  /** The host root, e.g. /system-root. */
  root: string;
  /** Host path under the root: host('/etc/fstab') = '/system-root/etc/fstab'. */
  host(p: string): string;
  config: MigrationConfig;
  /** Mode, source and target releases, products, architecture: the same facts the run uses. */
  facts: RunFacts;
  /** Read-only commands only (rpm -q, blkid, xfs_info, stat -f ...): a check cannot run anything that writes. */
  exec: ReadOnlyExec;
  log: Logger;
  /** The solver's plan, when it could be computed before the checks. */
  plan?: Plan;
  /** The kernel's /proc and /sys (the container shares the host kernel); tests point these elsewhere. */
  procDir: string;
  sysDir: string;
  /** The running kernel's release (uname -r): the host's, the container shares its kernel. */
  runningKernel: string;
}

/** What a fix gets: the check's context with a runner that may change the host and the door to the host's files. */
export interface FixContext extends Omit<CheckContext, 'exec'> {
  exec: Exec;
  files: HostFiles;
}

/** What one check found. `severity` overrides the check's default for this finding. */
export type Finding =
  | { ok: true; evidence: string[]; notApplicable?: true }
  | { ok: false; evidence: string[]; remediation?: string; commands?: string[]; severity?: Severity };

export interface Check {
  /** Stable id: used in waivers and by tools reading the report; never reuse or rename one. */
  id: string;
  title: string;
  severity: Severity;
  /** The default remediation when a finding gives none. */
  remediation?: string;
  /** Where the check is documented (a file of docs/ and its section); default: report.md#the-checks. */
  docs?: string;
  run(ctx: CheckContext): Promise<Finding>;
  /** Applies only to targets of this major release and later (16: what only the SLE 16 migration changes). */
  sinceMajor?: number;
  /** Reads ctx.plan: runs after the solver's query; every other check runs while the solver works. */
  needsPlan?: boolean;
  /** `--fix` (and the run's pre-checks-fix step): repairs what the check found; returns what was done. */
  fix?(ctx: FixContext): Promise<string[]>;
}

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  evidence: string[];
  remediation?: string;
  /** Commands to run on the host, each one runnable as written, with the names the check found. */
  commands?: string[];
  /** The documentation of the check: a file of the project's docs/ and its section. */
  docs?: string;
  /** Failed checks in a report: a ready `waivers:` entry for the configuration file. */
  waiverSnippet?: string;
  waiver?: { reason: string; expires?: string };
}

export const pass = (...evidence: string[]): Finding => ({ ok: true, evidence });
/** Nothing to judge here (another mode, no such service on the host): reported as not-applicable, never as passed. */
export const notApplicable = (...evidence: string[]): Finding => ({ ok: true, evidence, notApplicable: true });
export const fail = (evidence: string[], extra: { remediation?: string; commands?: string[]; severity?: Severity } = {}): Finding => ({
  ok: false,
  evidence,
  ...extra,
});
