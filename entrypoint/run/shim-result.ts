// What the host shim (scripts/migrate) reads from the container: one line of tab-separated KEY=VALUE fields, so the
// shim needs no JSON parser. `run` writes its outcome to HOST_FILES.result; `ends` prints the migration's two ends.
// docs/usage.md ("What the shim reads") documents the fields; the shim reads them with its function `field`.
import { rm } from 'node:fs/promises';
import type { MigrationOutcome } from '../journal/outcome.js';
import { redactText } from '../log/redact.js';
import { HOST_FILES, onHost } from '../paths.js';
import { replaceAtomically } from './result-files.js';

/** How a `run` ended, in the words the shim prints. */
export type ShimResult =
  /** The host is migrated (also: an earlier run completed it). `system`: the host's PRETTY_NAME now. */
  | { outcome: 'succeeded'; system?: string; report?: string }
  /** The pre-flight found inhibitors: nothing on the host was changed. `report`: the text report, when written. */
  | { outcome: 'inhibited'; inhibitors: number; report?: string }
  /** A step failed or was stopped; `advice` says what to do next. */
  | { outcome: 'failed' | 'interrupted'; step: string; error?: string; hint?: string; advice: string; report?: string };

type Fields = Record<string, string | number | undefined>;

/**
 * One line of `KEY=VALUE` fields separated by tabs, ending in a newline; empty values are left out. A value
 * keeps its spaces; control characters (tabs, newlines) become one space; credentials are masked.
 */
export function fieldsLine(fields: Fields): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!/^[a-z_]+$/.test(key)) throw new Error(`not a field name: ${key}`);
    if (value === undefined) continue;
    const flat = redactText(String(value))
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim();
    if (flat !== '') parts.push(`${key}=${flat}`);
  }
  return `${parts.join('\t')}\n`;
}

/** The fields of a line written by fieldsLine (for tests and tools; the shim has its own reader). */
export function parseFieldsLine(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of line.replace(/\n$/, '').split('\t')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** A run's outcome in the shim's words: the new system, or the step that failed with its error, hint and what to do. */
export function shimResultOf(outcome: MigrationOutcome, report: string | undefined): ShimResult {
  const at = report ? { report } : {};
  if (outcome.ok) return { outcome: 'succeeded', ...(outcome.system ? { system: outcome.system } : {}), ...at };
  const step = outcome.failedStep ?? 'unknown';
  const failed = outcome.steps.find((s) => s.id === step);
  return {
    outcome: outcome.interrupted ? 'interrupted' : 'failed',
    step,
    ...(failed?.error ? { error: failed.error } : {}),
    ...(failed?.hint ? { hint: failed.hint } : {}),
    advice: outcome.advice ?? 'Fix the cause and run the migration again.',
    ...at,
  };
}

/** The result line of a run: `outcome` first, then what the shim shows for that outcome and where the log is. */
export function resultLine(result: ShimResult): string {
  return fieldsLine({ ...result, log: HOST_FILES.log });
}

/** At the start of a run: an earlier run's line must not be taken for this run's (a killed run writes none). */
export async function clearShimResult(systemRoot: string): Promise<void> {
  await rm(onHost(systemRoot, HOST_FILES.result), { force: true });
}

/** Replaces the host's result file (atomically: the shim reads the old line or the new one, never half of one). */
export async function writeShimResult(systemRoot: string, result: ShimResult): Promise<void> {
  await replaceAtomically(onHost(systemRoot, HOST_FILES.result), resultLine(result));
}
