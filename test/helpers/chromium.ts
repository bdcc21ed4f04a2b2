// Renders a local HTML file with Debian's headless Chromium and returns the DOM after rendering (--dump-dom).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

/** Chromium's flags for a quiet, offline, throw-away run (no sandbox: tests run as root). */
function flags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ];
}

export async function renderDom(file: string): Promise<string> {
  const profile = await mkdtemp(path.join(tmpdir(), 'dms-chromium-'));
  try {
    const { stdout } = await execa('chromium', [...flags(profile), '--dump-dom', pathToFileURL(file).href], { timeout: 120_000 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Visible text of a dumped DOM: tags removed, entities of the report decoded, white space collapsed. */
export function visibleText(dom: string): string {
  return dom
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&rarr;/g, '→')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where elements lie on the first screen of a page, at a window of `width` x `height` CSS pixels. */
export interface FoldProbe {
  height: number;
  /** Per selector: its elements' text and the bottom edge of each (CSS pixels from the top of the page). */
  found: Record<string, Array<{ text: string; bottom: number }>>;
}

/**
 * Lays the page out in Chromium at the given window size and measures the selectors' elements. The report has
 * no scripts of its own (its policy forbids them): the probe is added to a copy of the page, which is rendered.
 */
export async function probeFold(file: string, selectors: string[], width = 1280, height = 900): Promise<FoldProbe> {
  const profile = await mkdtemp(path.join(tmpdir(), 'dms-chromium-'));
  try {
    const probe = `<script>addEventListener('load',()=>{const f={};for(const s of ${JSON.stringify(selectors)})f[s]=[...document.querySelectorAll(s)].map(e=>({text:e.textContent,bottom:e.getBoundingClientRect().bottom+scrollY}));document.body.setAttribute('data-probe',JSON.stringify({height:innerHeight,found:f}))})</script>`;
    const copy = path.join(profile, 'page.html');
    // The copy differs only by the probe, and by the page's policy that forbids scripts (which would stop it).
    const page = (await readFile(file, 'utf8')).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    await writeFile(copy, page.replace('</body>', `${probe}</body>`));
    const { stdout } = await execa(
      'chromium',
      [...flags(profile), `--window-size=${width},${height}`, '--virtual-time-budget=2000', '--dump-dom', pathToFileURL(copy).href],
      { timeout: 120_000 },
    );
    const attr = /data-probe="([^"]*)"/.exec(stdout)?.[1];
    if (!attr) throw new Error('the layout probe did not run');
    return JSON.parse(attr.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>')) as FoldProbe;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** A PNG of the page's first screen at the given window size. */
export async function screenshot(file: string, png: string, width = 1280, height = 900): Promise<void> {
  const profile = await mkdtemp(path.join(tmpdir(), 'dms-chromium-'));
  try {
    await execa(
      'chromium',
      [...flags(profile), `--window-size=${width},${height}`, '--hide-scrollbars', `--screenshot=${png}`, pathToFileURL(file).href],
      {
        timeout: 120_000,
      },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
