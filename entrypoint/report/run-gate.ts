// `run` with pre-flight: checks and plan before the first host change (inhibitors stop the run), the report after it.
import { applyFixes, runPreflight, type PreflightResult } from '../checks/preflight.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { HOST_FILES, onHost } from '../paths.js';
import { actualChanges, comparePlan } from '../plan/compare.js';
import { readJournal, type Journal } from '../run/journal.js';
import type { MigrationOutcome } from '../run/migration.js';
import type { MigrationConfig } from '../config/schema.js';
import type { Exec } from '../system/exec.js';
import { installedPackages, type PackageSet } from '../system/rpm-db.js';
import { readOsRelease, type OsRelease } from '../system/os-release.js';
import { buildReport, type ReportResult } from './model.js';
import { readHostname } from './hostname.js';
import { reportText } from './text.js';
import { writeReport } from './write.js';

export interface GateInput {
  root: string;
  config: MigrationConfig;
  targetVersionId: string;
  exec: Exec;
  log: Logger;
}

export interface Gate {
  /** false: an inhibitor was found; the report is written and nothing on the host was changed. */
  proceed: boolean;
  /** The host's packages before the first change (the run's summary starts from them). */
  packagesBefore?: PackageSet;
  /** Writes the `run` report after the steps, with the plan compared to what happened. */
  finish(outcome: MigrationOutcome): Promise<void>;
}

type Extra = { steps?: MigrationOutcome['steps']; before?: PackageSet; after?: PackageSet; journal?: Journal };

async function write(input: GateInput, pre: PreflightResult, hostRelease: OsRelease | undefined, result: ReportResult, extra: Extra) {
  const mode = input.config.use_zypper_migration ? ('plugin' as const) : ('dup' as const);
  const comparison = extra.before && extra.after ? comparePlan(pre.plan, actualChanges(extra.before, extra.after)) : undefined;
  const report = buildReport({
    kind: 'run',
    now: new Date(),
    hostRelease,
    hostname: await readHostname(input.root),
    targetVersionId: input.targetVersionId,
    result,
    checks: pre.checks,
    plan: { ...pre.plan, mode, ...(comparison ? { comparison } : {}) },
    ...(extra.steps ? { steps: extra.steps.map(({ hint: _hint, ...s }) => s) } : {}),
    ...(extra.journal ? { journal: extra.journal } : {}),
  });
  try {
    const files = await writeReport(input.root, report);
    return { report, files };
  } catch (err) {
    input.log.warn({ event: 'report.error' }, `the report could not be written: ${errorMessage(err)}`);
    return { report, files: [] };
  }
}

export async function preflightGate(input: GateInput): Promise<Gate> {
  // The release the host had when the run started (the report of a successful run would otherwise name the new one).
  const hostRelease = await readOsRelease(onHost(input.root, HOST_FILES.osRelease));
  const pre = await runPreflight({
    root: input.root,
    config: input.config,
    targetVersionId: input.targetVersionId,
    exec: input.exec,
    log: input.log,
    now: new Date(),
  });
  if (pre.blocking.length > 0) {
    const { report, files } = await write(input, pre, hostRelease, 'inhibited', {});
    input.log.error(
      { event: 'preflight.inhibited', checks: pre.blocking.map((c) => c.id) },
      `the migration was not started: ${pre.blocking.length} inhibitor(s); nothing on the host was changed\n${reportText(report, files).trimEnd()}`,
    );
    return { proceed: false, finish: async () => undefined };
  }
  if (input.config.pre_checks_fix) await applyFixes(pre);
  const before = await installedPackages(input.exec, input.root);
  return {
    proceed: true,
    ...(before ? { packagesBefore: before } : {}),
    async finish(outcome) {
      const after = outcome.packagesAfter ?? (await installedPackages(input.exec, input.root));
      const journal = await readJournal(onHost(input.root, HOST_FILES.journal)).catch(() => undefined);
      const { report, files } = await write(input, pre, hostRelease, outcome.ok ? 'succeeded' : 'failed', {
        steps: outcome.steps,
        ...(before ? { before } : {}),
        ...(after ? { after } : {}),
        ...(journal && journal !== 'corrupt' ? { journal } : {}),
      });
      const cmp = report.plan?.comparison;
      input.log.info(
        { event: 'report', files, planMatched: cmp?.matches },
        `report written to ${files.join(', ') || '(nowhere)'}${cmp ? `; ${cmp.matches ? 'the packages changed exactly as planned' : `differences from the plan: not done [${cmp.plannedNotDone.join(', ')}], not planned [${cmp.doneNotPlanned.join(', ')}]`}` : ''}`,
      );
    },
  };
}
