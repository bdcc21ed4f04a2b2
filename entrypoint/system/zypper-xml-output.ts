// Reads zypper's `--xmlout` stream while it runs: the human log lines it stands for, and progress taken from its
// elements (install/remove `<progress>` ids, `<download>`, `<install-summary>`) instead of from its translated text.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { OutputItem, OutputReader } from './exec.js';
import { progressStep, type ZypperProgress } from './zypper-progress.js';

// The lists of zypper's <install-summary> (src/Summary.cc, the element names in zypper 1.14's binary): a package that
// changes architecture at the same edition is only in to-change-arch; one that changes edition too is also in to-upgrade.
/** The summary lists whose packages get installed (downloaded or taken from the cache). */
const INSTALLED_LISTS = new Set(['to-upgrade', 'to-install', 'to-downgrade', 'to-reinstall', 'to-change-arch']);
/**
 * The summary lists of the packages that change, and what each is called in a progress record and in the plan
 * (plan/parse-zypper-xml.ts); zypper's own summary line counts the same four.
 */
export const SUMMARY_LISTS: Readonly<Record<string, 'upgrade' | 'install' | 'remove' | 'downgrade'>> = {
  'to-upgrade': 'upgrade',
  'to-install': 'install',
  'to-remove': 'remove',
  'to-downgrade': 'downgrade',
};
/** How the log names the summary's lists (zypper's text says the same in whole sentences); others by their element name. */
const LIST_TITLES: Record<string, string> = {
  'to-upgrade': 'to upgrade',
  'to-install': 'to install',
  'to-remove': 'to remove',
  'to-downgrade': 'to downgrade',
  'to-reinstall': 'to reinstall',
  'to-change-arch': 'changing architecture',
  'to-change-vendor': 'changing vendor',
  _unsupported: 'without support information from their vendor',
};
/** Characters XML 1.0 does not allow (C0 controls but tab, LF, CR): zypper passes scriptlet output through unescaped. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;
/** zypper's progress ids of the RPM transaction (src/callbacks/rpm.h) and the phase each is. */
const RESOLVABLE: Record<string, 'install' | 'remove'> = { 'install-resolvable': 'install', 'remove-resolvable': 'remove' };
/**
 * The counter zypper puts before a package's label or after its download line: `(%*d/%d)`, made with str::form or
 * stream output in zypper's source, never translated (unlike the words around it).
 */
const COUNTER = /\(\s*(\d+)\/(\d+)\)/;

function counter(text: string): { done: number; total: number } | undefined {
  const m = COUNTER.exec(text);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : undefined;
}

/** A parser error's first line (saxes adds the position on more). */
function firstLine(err: Error): string {
  return err.message.split('\n')[0] ?? 'parse error';
}

/** The package a label names: its last word (`name-version-release.arch`), whatever the language around it. */
function lastWord(text: string): string {
  return text.trim().split(/\s+/).pop() ?? '';
}

/** `name-version-release.arch`, as a package file is named: the summary's edition without its epoch (`1:2.0-1` -> `2.0-1`). */
function packageId(attrs: Record<string, string>): string {
  const edition = (attrs.edition ?? '').replace(/^\d+:/, '');
  return `${attrs.name}-${edition}${attrs.arch ? `.${attrs.arch}` : ''}`;
}

/** A download URL's file without `.rpm` (percent-decoded): the package it fetched, `name-version-release.arch`. */
function downloadedPackage(url: string): string | undefined {
  const encoded = url.split(/[?#]/)[0]?.split('/').pop() ?? '';
  let file = encoded;
  try {
    file = decodeURIComponent(encoded);
  } catch {
    // not percent-encoded after all: the name as it is
  }
  return file.endsWith('.rpm') ? file.slice(0, -'.rpm'.length) : undefined;
}

interface Summary {
  upgrade: number;
  install: number;
  remove: number;
  downgrade: number;
  downloadBytes?: number;
  /** Packages the transaction installs, as `name-version-release.arch`, each once. */
  installs: string[];
}

/**
 * One zypper `--xmlout` run, read as it comes (SAX, no document tree). Collects what the caller asks
 * afterwards: the summary, the packages downloaded, the packages taken from the cache.
 */
export class ZypperXmlOutput implements OutputReader {
  private readonly parser = new SaxesParser();
  private readonly stack: string[] = [];
  private items: OutputItem[] = [];
  private text: string | undefined;
  /** The summary's lists as read: element name -> its entries (`type:name` for non-packages). */
  private readonly lists = new Map<string, string[]>();
  private readonly installIds = new Set<string>();
  private lastCounter: { done: number; total: number } | undefined;
  /** The prompt being read: its question and the default answer zypper takes. */
  private prompt: { question: string; answer?: string } | undefined;
  private parseError: string | undefined;
  /** Where in the stream the parser stopped (saxes' position), and how much came before the current chunk. */
  private errorAt: number | undefined;
  private consumed = 0;
  /** After a parse error: the output's last incomplete line. */
  private raw = '';
  readonly downloaded: string[] = [];
  summary: Summary | undefined;

  constructor() {
    this.parser.on('error', (err) => {
      this.parseError ??= firstLine(err);
      this.errorAt ??= this.parser.position;
    });
    // saxes goes on after an error; what it reads then is logged as raw text instead (write()).
    this.parser.on('opentag', (tag) => this.parseError ?? this.open(tag as SaxesTagPlain));
    this.parser.on('text', (t) => this.parseError ?? this.addText(t));
    this.parser.on('cdata', (t) => this.parseError ?? this.addText(t));
    this.parser.on('closetag', (tag) => this.parseError ?? this.close(tag.name));
  }

  write(input: string): OutputItem[] {
    const chunk = input.replace(NOT_XML, '\uFFFD'); // one character for one: positions stay
    const start = this.consumed;
    this.consumed += chunk.length;
    if (this.parseError !== undefined) {
      this.rawLines(chunk);
      return this.take();
    }
    try {
      this.parser.write(chunk);
    } catch (err) {
      this.parseError ??= firstLine(err as Error);
    }
    // Nothing is lost: from the line where the output stopped being XML on, the log gets zypper's output as it is.
    if (this.parseError !== undefined) {
      this.items.push({ line: `(zypper's XML output could not be read on: ${this.parseError}; its output follows as it is)` });
      const at = Math.min(Math.max((this.errorAt ?? start) - start - 1, 0), chunk.length);
      this.rawLines(chunk.slice(chunk.lastIndexOf('\n', at - 1) + 1));
    }
    return this.take();
  }

  /** Whether the whole output was read (no parse error): otherwise the summary, downloads and cache use are partial. */
  get complete(): boolean {
    return this.parseError === undefined;
  }

  end(): OutputItem[] {
    if (this.parseError === undefined) {
      try {
        this.parser.close();
      } catch (err) {
        this.parseError ??= firstLine(err as Error);
      }
      if (this.parseError !== undefined) this.items.push({ line: `(zypper's XML output ended early: ${this.parseError})` });
    }
    if (this.raw) this.line(this.raw);
    this.raw = '';
    return this.take();
  }

  /** Packages of the transaction that zypper did not download: they came from the package cache (staged). */
  fromCache(): string[] {
    const fetched = new Set(this.downloaded);
    return (this.summary?.installs ?? []).filter((p) => !fetched.has(p));
  }

  private take(): OutputItem[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  private line(text: string): void {
    const trimmed = text.replace(/\s+$/, '');
    if (trimmed.trim()) this.items.push({ line: trimmed });
  }

  /** Output after a parse error: complete lines now, the rest when more comes. */
  private rawLines(chunk: string): void {
    const lines = (this.raw + chunk).split('\n');
    this.raw = lines.pop() ?? '';
    for (const l of lines) this.line(l);
  }

  private progress(record: ZypperProgress): void {
    this.items.push({ progress: record });
  }

  private addText(t: string): void {
    if (this.text !== undefined) this.text += t;
    // Text zypper writes straight to its output between elements (a patch script's lines): a line of the log.
    else if (this.stack.at(-1) === 'stream') for (const l of t.split('\n')) this.line(l);
  }

  private open(tag: SaxesTagPlain): void {
    const attrs = tag.attributes as Record<string, string>;
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(tag.name);
    switch (tag.name) {
      case 'message':
      case 'description':
      case 'text':
        // A message, or a prompt's (solver problem's) description and question: their text is a log line.
        if (tag.name === 'message' || parent === 'prompt') this.text = '';
        break;
      case 'prompt':
        this.prompt = { question: '' };
        break;
      case 'option':
        if (this.prompt && attrs.default === '1') this.prompt.answer = attrs.value;
        break;
      case 'progress':
        this.progressElement(attrs);
        break;
      case 'download':
        this.downloadElement(attrs);
        break;
      case 'install-summary':
        this.summary = {
          upgrade: 0,
          install: 0,
          remove: 0,
          downgrade: 0,
          installs: [],
          ...(attrs['download-size'] && Number.isFinite(Number(attrs['download-size']))
            ? { downloadBytes: Number(attrs['download-size']) }
            : {}),
        };
        break;
      case 'solvable':
        // A solvable of one of the summary's lists (install-summary > to-upgrade > solvable).
        if (this.summary && parent && this.stack.at(-3) === 'install-summary') this.solvable(parent, attrs);
        break;
    }
  }

  private close(name: string): void {
    this.stack.pop();
    if (name === 'text' && this.prompt && this.text !== undefined) {
      this.prompt.question = this.text.trim();
      this.text = undefined;
    } else if ((name === 'message' || name === 'description') && this.text !== undefined) {
      this.line(this.text);
      if (name === 'message') this.lastCounter = counter(this.text);
      this.text = undefined;
    } else if (name === 'prompt' && this.prompt) {
      // zypper runs non-interactive: it takes the default answer, and says so as its text output does.
      const { question, answer } = this.prompt;
      this.line(answer === undefined ? question : `${question} (${answer}): ${answer}`);
      this.prompt = undefined;
    } else if (name === 'install-summary' && this.summary) {
      this.summaryLines(this.summary);
    }
  }

  private solvable(list: string, attrs: Record<string, string>): void {
    const summary = this.summary!;
    const isPackage = (attrs.type ?? 'package') === 'package';
    const field = SUMMARY_LISTS[list];
    // zypper's own summary line counts packages; products and patterns that go with them are listed, not counted.
    if (field && isPackage) summary[field] += 1;
    if (INSTALLED_LISTS.has(list) && isPackage) {
      // A package that changes architecture and edition is in to-upgrade and to-change-arch: once.
      const id = packageId(attrs);
      if (!this.installIds.has(id)) {
        this.installIds.add(id);
        summary.installs.push(id);
      }
    }
    const entries = this.lists.get(list) ?? [];
    entries.push(`${isPackage ? '' : `${attrs.type}:`}${attrs.name}`);
    this.lists.set(list, entries);
  }

  private summaryLines(s: Summary): void {
    for (const [list, names] of this.lists)
      this.line(`${LIST_TITLES[list] ?? list.replace(/^_/, '')} (${names.length}): ${names.join(' ')}`);
    this.lists.clear();
    const size = s.downloadBytes === undefined ? '' : `; download size ${s.downloadBytes} bytes`;
    this.line(`${s.upgrade} packages to upgrade, ${s.downgrade} to downgrade, ${s.install} new, ${s.remove} to remove${size}`);
    this.progress({ phase: 'plan', upgrade: s.upgrade, install: s.install, remove: s.remove, downgrade: s.downgrade });
  }

  /** `<progress id name [value] [done] [error]>`: a package's start is a line and a progress record; other tasks a line when done. */
  private progressElement(attrs: Record<string, string>): void {
    const name = attrs.name ?? '';
    const phase = RESOLVABLE[attrs.id ?? ''];
    const started = attrs.value === undefined && attrs.done === undefined;
    if (phase) {
      if (started) {
        this.line(name);
        const c = counter(name);
        if (c) this.progress(progressStep(phase, c.done, c.total, lastWord(name)));
      } else if (attrs.error === '1') this.line(`${name} [error]`);
    } else if (attrs.done !== undefined) {
      this.line(`${name} [${attrs.error === '1' ? 'error' : 'done'}]`);
    }
  }

  /** `<download url [percent] [rate] [done] [error]>`: a package file fetched is a download record, n of N from its message. */
  private downloadElement(attrs: Record<string, string>): void {
    if (attrs.done === undefined) return;
    const url = attrs.url ?? '';
    if (attrs.error === '1') {
      this.line(`download failed: ${url}`);
      return;
    }
    const pkg = downloadedPackage(url);
    if (!pkg) return;
    this.downloaded.push(pkg);
    const c = this.lastCounter ?? { done: this.downloaded.length, total: this.summary?.installs.length ?? this.downloaded.length };
    this.progress(progressStep('download', c.done, c.total, pkg));
  }
}
