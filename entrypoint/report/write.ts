// Writes the report to the host: JSON, HTML and text (the console summary, Leapp's leapp-report.txt), each replaced
// atomically; secrets are masked first.
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactValue } from '../log/redact.js';
import { onHost } from '../paths.js';
import { reportHtml } from './html.js';
import type { Report } from './model.js';
import { reportText } from './text.js';

export const REPORT_FILES = {
  json: '/var/log/distro_migration.report.json',
  html: '/var/log/distro_migration.report.html',
  text: '/var/log/distro_migration.report.txt',
} as const;

/** The report with credentials masked in every string (URLs with passwords, registration codes). */
export function redactReport(report: Report): Report {
  return redactValue(report);
}

/** Reports are readable by root and its group only, like the logs. */
const REPORT_MODE = 0o640;

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', mode: REPORT_MODE });
    await chmod(tmp, REPORT_MODE);
    await rename(tmp, file);
  } catch (err) {
    // A full /var/log: no half report left behind.
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes the report with its secrets masked; returns the host paths written and the masked report (what to show). */
export async function writeReport(systemRoot: string, report: Report): Promise<{ files: string[]; report: Report }> {
  const safe = redactReport(report);
  await writeAtomic(onHost(systemRoot, REPORT_FILES.json), `${JSON.stringify(safe, null, 2)}\n`);
  await writeAtomic(onHost(systemRoot, REPORT_FILES.html), reportHtml(safe));
  const files = [REPORT_FILES.json, REPORT_FILES.html, REPORT_FILES.text];
  await writeAtomic(onHost(systemRoot, REPORT_FILES.text), reportText(safe, files));
  return { files, report: safe };
}
