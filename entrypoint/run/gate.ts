// `run` with pre-flight: checks and plan before the first host change (inhibitors stop the run), the report after it.
import { runPreflight, type PreflightResult } from '../checks/preflight.js';
import type { MigrationConfig } from '../config/schema.js';
import { errorMessage } from '../errors.js';
import type { RunFacts } from '../facts/run-facts.js';
import { type Journal, readJournal } from '../journal/journal.js';
import type { MigrationOutcome } from '../journal/outcome.js';
import type { Logger } from '../log/logger.js';
import { HOST_FILES, onHost } from '../paths.js';
import { actualChanges, comparePlan } from '../plan/compare.js';
import { readHostname } from '../report/hostname.js';
import { buildReport, type ReportResult } from '../report/model.js';
import { reportText } from '../report/text.js';
import { REPORT_FILES, writeReport } from '../report/write.js';
import type { Exec } from '../system/exec.js';
import { installedPackages, type PackageSet } from '../system/rpm-db.js';

export interface GateInput {
  root: string;
  config: MigrationConfig;
  facts: RunFacts;
  exec: Exec;
  log: Logger;
}

export interface Gate {
  /** false: an inhibitor was found; the report is written and nothing on the host was changed. */
  proceed: boolean;
  /** proceed false: the inhibitors found, and the text report when it was written. */
  inhibited?: { inhibitors: number; report?: string };
  /** The pre-flight's findings (the fixes of failed checks run later, after the pre-migration snapshot). */
  preflight?: PreflightResult;
  /** The host's packages before the first change (the run's summary starts from them). */
  packagesBefore?: PackageSet;
  /** Writes the `run` report after the steps, with the plan compared to what happened; returns the files written. */
  finish(outcome: MigrationOutcome): Promise<string[]>;
}

type Extra = { steps?: MigrationOutcome['steps']; before?: PackageSet; after?: PackageSet; journal?: Journal };

async function write(input: GateInput, pre: PreflightResult, result: ReportResult, extra: Extra) {
  const comparison = extra.before && extra.after ? comparePlan(pre.plan, actualChanges(extra.before, extra.after)) : undefined;
  const report = buildReport({
    kind: 'run',
    now: new Date(),
    facts: input.facts,
    hostname: await readHostname(input.root),
    result,
    checks: pre.checks,
    plan: { ...pre.plan, mode: input.facts.mode, ...(comparison ? { comparison } : {}) },
    ...(extra.steps ? { steps: extra.steps.map(({ hint: _hint, ...s }) => s) } : {}),
    ...(extra.journal ? { journal: extra.journal } : {}),
  });
  try {
    return await writeReport(input.root, report);
  } catch (err) {
    input.log.warn({ event: 'report.error' }, `the report could not be written: ${errorMessage(err)}`);
    return { report, files: [] };
  }
}

/** The first line of an inhibited run (the shim ends with the same words). */
function notStarted(inhibitors: number, see: string): string {
  return `not started: ${inhibitors} inhibitor(s), nothing was changed, see ${see}`;
}

export async function preflightGate(input: GateInput): Promise<Gate> {
  const pre = await runPreflight({
    root: input.root,
    config: input.config,
    facts: input.facts,
    exec: input.exec,
    log: input.log,
    now: new Date(),
  });
  if (pre.blocking.length > 0) {
    const { report, files } = await write(input, pre, 'inhibited', {});
    const text = files.includes(REPORT_FILES.text) ? REPORT_FILES.text : undefined;
    input.log.error(
      { event: 'preflight.inhibited', checks: pre.blocking.map((c) => c.id) },
      `${notStarted(pre.blocking.length, text ?? HOST_FILES.log)}\n${reportText(report, files).trimEnd()}`,
    );
    return { proceed: false, inhibited: { inhibitors: pre.blocking.length, ...(text ? { report: text } : {}) }, finish: async () => [] };
  }
  // Only after the pre-flight: on a host whose rpm database is missing or broken (an inhibitor) even a query may
  // create files, and an inhibited run changes nothing.
  const before = await installedPackages(input.exec, input.root);
  return {
    proceed: true,
    preflight: pre,
    ...(before ? { packagesBefore: before } : {}),
    async finish(outcome) {
      const after = outcome.packagesAfter ?? (await installedPackages(input.exec, input.root));
      const journal = await readJournal(onHost(input.root, HOST_FILES.journal)).catch(() => undefined);
      const { report, files } = await write(input, pre, outcome.ok ? 'succeeded' : 'failed', {
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
      return files;
    },
  };
}
