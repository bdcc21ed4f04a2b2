// After a real run: what happened to the packages (rpm -qa before and after) next to what the plan predicted.
import type { PackageSet } from '../system/rpm-db.js';
import { packageNames, type Plan } from './types.js';

export interface ActualChanges {
  changed: string[];
  installed: string[];
  removed: string[];
}

export function actualChanges(before: PackageSet, after: PackageSet): ActualChanges {
  const changed: string[] = [];
  const installed: string[] = [];
  const removed: string[] = [];
  for (const [name, evrs] of after) {
    const old = before.get(name);
    if (!old) installed.push(name);
    else if (old.join() !== evrs.join()) changed.push(name);
  }
  for (const name of before.keys()) if (!after.has(name)) removed.push(name);
  return { changed: changed.sort(), installed: installed.sort(), removed: removed.sort() };
}

export interface PlanComparison {
  /** True when every predicted change happened and nothing else changed. */
  matches: boolean;
  actual: ActualChanges;
  /** Predicted but not done (e.g. the run failed half-way). */
  plannedNotDone: string[];
  /** Done without being predicted. */
  doneNotPlanned: string[];
}

export function comparePlan(plan: Plan, actual: ActualChanges): PlanComparison {
  // Vendor changes are left out: a vendor-only change (same version) is invisible in version-release lists.
  const planned = new Set([
    ...packageNames(plan.upgrade),
    ...packageNames(plan.downgrade),
    ...packageNames(plan.install),
    ...packageNames(plan.remove),
  ]);
  const done = new Set([...actual.changed, ...actual.installed, ...actual.removed]);
  const plannedNotDone = [...planned].filter((n) => !done.has(n)).sort();
  const doneNotPlanned = [...done].filter((n) => !planned.has(n)).sort();
  return { matches: plannedNotDone.length === 0 && doneNotPlanned.length === 0, actual, plannedNotDone, doneNotPlanned };
}
