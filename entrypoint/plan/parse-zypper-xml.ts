// Parses `zypper --xmlout dup --dry-run` output into a Plan: summary lists, sizes, solver problems, errors.
import { SaxesParser } from 'saxes';
import { SUMMARY_LISTS } from '../system/zypper-xml-output.js';
import type { Plan, PlannedPackage } from './types.js';

// zypper's <install-summary> lists (src/Summary.cc; the names in zypper 1.14's binary). to-change-arch is read apart:
// a package that changes edition too is in to-upgrade or to-downgrade already; one that changes only its architecture
// is only there, and counts as an upgrade.
const LISTS: Record<string, keyof Pick<Plan, 'upgrade' | 'install' | 'remove' | 'downgrade' | 'vendorChange'>> = {
  ...SUMMARY_LISTS,
  'to-change-vendor': 'vendorChange',
};

function solvable(attrs: Record<string, string>): PlannedPackage {
  const attr = (name: string) => attrs[name] || undefined;
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

/** Text being collected: a solver prompt's first <description>, or an error <message>. */
interface Capture {
  kind: 'problem' | 'error';
  depth: number;
  text: string;
}

/**
 * Fills `plan` from zypper's XML stream, read as a stream of tags (SAX): no document tree, so a plan
 * of thousands of packages costs the lists, not a DOM of them. Unparsable output becomes an error
 * of the plan, not an exception.
 */
export function parseDupXml(xml: string, plan: Plan): Plan {
  const out: Plan = {
    ...plan,
    upgrade: [],
    install: [],
    remove: [],
    downgrade: [],
    vendorChange: [],
    problems: [...plan.problems],
    errors: [...plan.errors],
  };
  const parser = new SaxesParser();
  const stack: string[] = [];
  let parseError: string | undefined;
  let summaryDepth = -1;
  let summarySeen = false;
  let promptDepth = -1;
  let promptDescribed = false;
  let capture: Capture | undefined;
  const changeArch: PlannedPackage[] = [];
  parser.on('error', (err) => {
    parseError ??= err.message.split('\n')[0] ?? 'parse error';
  });
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    const depth = stack.length;
    const parent = stack[depth - 1];
    stack.push(tag.name);
    if (tag.name === 'install-summary' && !summarySeen) {
      summarySeen = true;
      summaryDepth = depth;
      out.computed = true;
      out.downloadBytes = toNumber(attrs['download-size'] ?? null);
      out.spaceUsageDiffBytes = toNumber(attrs['space-usage-diff'] ?? null);
    } else if (tag.name === 'solvable' && parent && LISTS[parent] && summaryDepth === depth - 2) {
      out[LISTS[parent]].push(solvable(attrs));
    } else if (tag.name === 'solvable' && parent === 'to-change-arch' && summaryDepth === depth - 2) {
      changeArch.push(solvable(attrs));
    } else if (tag.name === 'prompt' && promptDepth < 0) {
      promptDepth = depth;
      promptDescribed = false;
    } else if (tag.name === 'description' && promptDepth >= 0 && !promptDescribed && !capture) {
      // A solver problem is a prompt whose description starts with "Problem:"; zypper cancels it in non-interactive mode.
      promptDescribed = true;
      capture = { kind: 'problem', depth, text: '' };
    } else if (tag.name === 'message' && attrs.type === 'error' && !capture) {
      capture = { kind: 'error', depth, text: '' };
    }
  });
  const addText = (text: string) => {
    if (capture) capture.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const depth = stack.length - 1;
    stack.pop();
    if (capture && capture.depth === depth) {
      const text = capture.text.trim();
      if (capture.kind === 'error') out.errors.push(text);
      else if (text && /^Problem:/m.test(text)) out.problems.push(text);
      capture = undefined;
    }
    if (depth === summaryDepth) summaryDepth = -1;
    if (depth === promptDepth) promptDepth = -1;
  });
  try {
    parser.write(xml.trim() || '<stream/>').close();
  } catch (err) {
    parseError ??= (err as Error).message.split('\n')[0] ?? 'parse error';
  }
  if (parseError) return { ...plan, errors: [...plan.errors, `zypper's XML output could not be read: ${parseError}`] };
  const listed = new Set([...out.upgrade, ...out.downgrade].map((p) => `${p.kind}:${p.name}`));
  out.upgrade.push(...changeArch.filter((p) => !listed.has(`${p.kind}:${p.name}`)));
  return out;
}
