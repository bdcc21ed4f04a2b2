// Applies the configured waivers to failed checks: a waived check stays in the report, marked as waived.
import type { Waiver } from '../config/schema.js';
import type { CheckResult } from './types.js';

/** A waiver holds through the whole day of its `expires` date (UTC). */
export function waiverExpired(waiver: Waiver, now: Date): boolean {
  return waiver.expires !== undefined && now.toISOString().slice(0, 10) > waiver.expires;
}

export interface WaiverOutcome {
  results: CheckResult[];
  /** Waivers naming no known check: reported so that a typo does not pass unnoticed. */
  unknown: string[];
}

export function applyWaivers(results: CheckResult[], waivers: readonly Waiver[], now: Date): WaiverOutcome {
  const ids = new Set(results.map((r) => r.id));
  const unknown = waivers.filter((w) => !ids.has(w.id)).map((w) => w.id);
  const out = results.map((result) => {
    const waiver = waivers.find((w) => w.id === result.id);
    if (!waiver || result.status !== 'failed') return result;
    const note = { reason: waiver.reason, ...(waiver.expires ? { expires: waiver.expires } : {}) };
    if (waiverExpired(waiver, now)) {
      return {
        ...result,
        evidence: [...result.evidence, `a waiver expired on ${waiver.expires} and no longer applies ("${waiver.reason}")`],
        waiver: note,
      };
    }
    return { ...result, status: 'waived' as const, waiver: note };
  });
  return { results: out, unknown };
}

/** Inhibitors that are failed and not (validly) waived: they stop `run`. */
export function blockingResults(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'failed' && r.severity === 'inhibitor');
}
