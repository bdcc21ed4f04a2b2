// Parses `zypper --xmlout dup --dry-run` output into a Plan: summary lists, sizes, solver problems, errors.
import type { Element } from '@xmldom/xmldom';
import { xmldom } from '../system/xml.js';
import type { Plan, PlannedPackage } from './types.js';

const LISTS: Record<string, keyof Pick<Plan, 'upgrade' | 'install' | 'remove' | 'downgrade' | 'vendorChange'>> = {
  'to-upgrade': 'upgrade',
  'to-upgrade-change-arch': 'upgrade',
  'to-downgrade-change-arch': 'downgrade',
  'to-install': 'install',
  'to-remove': 'remove',
  'to-downgrade': 'downgrade',
  'to-change-vendor': 'vendorChange',
};

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
}

function solvable(el: Element): PlannedPackage {
  const attr = (name: string) => el.getAttribute(name) || undefined;
  return {
    name: attr('name') ?? '?',
    kind: attr('type') ?? 'package',
    arch: attr('arch') ?? '',
    edition: attr('edition') ?? '',
    ...(attr('edition-old') ? { editionOld: attr('edition-old') } : {}),
    ...(attr('vendor') ? { vendor: attr('vendor') } : {}),
    ...(attr('vendor-old') ? { vendorOld: attr('vendor-old') } : {}),
  };
}

function toNumber(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Fills `plan` from zypper's XML stream. Unparsable output becomes an error of the plan, not an exception. */
export async function parseDupXml(xml: string, plan: Plan): Promise<Plan> {
  const { DOMParser } = await xmldom();
  const errors: string[] = [];
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg.split('\n')[0] ?? msg); } })
      .parseFromString(xml.trim() || '<stream/>', 'text/xml').documentElement;
  } catch (err) {
    errors.push((err as Error).message.split('\n')[0] ?? 'parse error');
  }
  if (!root || errors.length > 0) return { ...plan, errors: [...plan.errors, `zypper's XML output could not be read: ${errors[0] ?? 'empty'}`] };
  const out: Plan = { ...plan, upgrade: [], install: [], remove: [], downgrade: [], vendorChange: [], problems: [...plan.problems], errors: [...plan.errors] };
  const summary = root.getElementsByTagName('install-summary')[0];
  if (summary) {
    out.computed = true;
    out.downloadBytes = toNumber(summary.getAttribute('download-size'));
    out.spaceUsageDiffBytes = toNumber(summary.getAttribute('space-usage-diff'));
    for (const list of elementChildren(summary)) {
      const key = LISTS[list.tagName];
      if (key) out[key] = [...out[key], ...elementChildren(list).filter((e) => e.tagName === 'solvable').map(solvable)];
    }
  }
  // A solver problem is a prompt whose description starts with "Problem:"; zypper cancels it in non-interactive mode.
  for (const prompt of Array.from(root.getElementsByTagName('prompt'))) {
    const text = prompt.getElementsByTagName('description')[0]?.textContent?.trim();
    if (text && /^Problem:/m.test(text)) out.problems.push(text);
  }
  for (const message of Array.from(root.getElementsByTagName('message'))) {
    if (message.getAttribute('type') === 'error') out.errors.push((message.textContent ?? '').trim());
  }
  return out;
}
