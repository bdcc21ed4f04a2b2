// Renders a local HTML file with Debian's headless Chromium and returns the DOM after rendering (--dump-dom).
import { mkdtemp, rm } from 'node:fs/promises';
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
