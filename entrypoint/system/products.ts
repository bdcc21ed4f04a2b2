// Product files in /etc/products.d: base product detection (SPEC 5.4) and removal of <register><target>.
import { readdir } from 'node:fs/promises';
import { readTextFile } from './fs.js';
import path from 'node:path';
import type { Document, Element } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { xmldom } from './xml.js';

const PRODUCT_KEYS = ['name', 'version', 'arch'] as const;
type ProductKey = (typeof PRODUCT_KEYS)[number];

export interface ProductFile {
  file: string;
  name?: string;
  version?: string;
  arch?: string;
  /** Number of top-level <register> elements without a <flavor> child. */
  baseRegisterCount: number;
}

export interface ProductScan {
  products: ProductFile[];
  /** Files that could not be parsed (skipped, with the reason). */
  unreadable: Array<{ file: string; reason: string }>;
}

async function parseXml(text: string): Promise<Document> {
  const { DOMParser } = await xmldom();
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message.split('\n')[0] ?? message);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) throw new Error(errors[0] ?? 'not an XML document');
  return doc;
}

function children(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (node as Element).tagName === name) out.push(node as Element);
  }
  return out;
}

/**
 * What the run needs of a product file, read with the streaming parser (no DOM: this runs on every start, before
 * the first log line; xmldom is loaded only to edit a file). name, version and arch: the first such element anywhere
 * in the document, as getElementsByTagName finds it; registers: the root's <register> children without <flavor>.
 */
export async function describeProduct(file: string, text: string): Promise<ProductFile> {
  const parser = new SaxesParser();
  const stack: string[] = [];
  const found: Partial<Record<ProductKey, string>> = {};
  let capture: { key: ProductKey; depth: number; text: string } | undefined;
  let registerHasFlavor: boolean | undefined;
  let baseRegisterCount = 0;
  let error: string | undefined;
  parser.on('error', (err) => {
    error ??= err.message.split('\n')[0] ?? 'not an XML document';
  });
  parser.on('opentag', (tag) => {
    if (stack.length === 0 && tag.name !== 'product') error ??= `root element is <${tag.name}>, not <product>`;
    if (stack.length === 1 && tag.name === 'register') registerHasFlavor = false;
    if (stack.length === 2 && stack[1] === 'register' && tag.name === 'flavor') registerHasFlavor = true;
    const key = PRODUCT_KEYS.find((k) => k === tag.name);
    if (key && !capture && found[key] === undefined) capture = { key, depth: stack.length, text: '' };
    stack.push(tag.name);
  });
  const onText = (t: string) => {
    if (capture) capture.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    stack.pop();
    if (capture && stack.length === capture.depth) {
      // An empty element counts as found: getElementsByTagName stops at it too.
      found[capture.key] = capture.text.trim();
      capture = undefined;
    }
    if (stack.length === 1 && registerHasFlavor !== undefined) {
      if (!registerHasFlavor) baseRegisterCount++;
      registerHasFlavor = undefined;
    }
  });
  try {
    parser.write(text).close();
  } catch (err) {
    error ??= (err as Error).message.split('\n')[0];
  }
  if (error) throw new Error(error);
  const value = (k: ProductKey) => found[k] || undefined;
  return { file, name: value('name'), version: value('version'), arch: value('arch'), baseRegisterCount };
}

/** Reads every regular `*.prod` file (the `baseproduct` link has no suffix and is not read). */
export async function scanProducts(dir: string): Promise<ProductScan> {
  const entries = await readdir(dir, { withFileTypes: true });
  const scan: ProductScan = { products: [], unreadable: [] };
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.prod')).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    try {
      scan.products.push(await describeProduct(file, await readTextFile(file)));
    } catch (err) {
      scan.unreadable.push({ file, reason: (err as Error).message });
    }
  }
  return scan;
}

export type BaseProductResult =
  | { ok: true; product: ProductFile }
  | { ok: false; reason: 'none' | 'multiple'; message: string; files: string[] };

/** Exactly one product file with a <register> lacking <flavor> is the base product. */
export function findBaseProduct(scan: ProductScan, dir: string): BaseProductResult {
  const hits = scan.products.flatMap((p) => Array.from({ length: p.baseRegisterCount }, () => p));
  if (hits.length === 1) return { ok: true, product: hits[0]! };
  if (hits.length === 0) {
    return {
      ok: false,
      reason: 'none',
      files: [],
      message: `There is no baseproduct in ${dir}: every product file has a <flavor>, or none has a <register>`,
    };
  }
  const files = [...new Set(hits.map((p) => p.file))];
  return {
    ok: false,
    reason: 'multiple',
    files,
    message: `Found multiple product definitions without element <flavor>: ${files.join(', ')}`,
  };
}

/** The product file's text without any <target> of its top-level <register>s; `removed` counts them (0: text unchanged). */
export async function withoutRegisterTargets(text: string): Promise<{ text: string; removed: number }> {
  // Without the word there is no <target> element: no DOM to build (the pre-flight asks this of every run).
  if (!text.includes('<target')) return { text, removed: 0 };
  const doc = await parseXml(text);
  let removed = 0;
  for (const register of children(doc.documentElement!, 'register')) {
    for (const target of children(register, 'target')) {
      const before = target.previousSibling;
      if (before && before.nodeType === before.TEXT_NODE && !before.textContent?.trim()) register.removeChild(before);
      register.removeChild(target);
      removed++;
    }
  }
  if (removed === 0) return { text, removed };
  let xml = new (await xmldom()).XMLSerializer().serializeToString(doc);
  if (!xml.startsWith('<?xml')) xml = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  return { text: xml.endsWith('\n') ? xml : `${xml}\n`, removed };
}
