// Writes the report to the host: JSON (atomic rename) and HTML next to it; secrets are masked first.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactText } from '../log/redact.js';
import { onHost } from '../paths.js';
import { reportHtml } from './html.js';
import type { Report } from './model.js';

export const REPORT_FILES = {
  json: '/var/log/distro_migration.report.json',
  html: '/var/log/distro_migration.report.html',
} as const;

/** The report with credentials masked in every string (URLs with passwords, registration codes). */
export function redactReport(report: Report): Report {
  return JSON.parse(redactText(JSON.stringify(report))) as Report;
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** Returns the host paths written. */
export async function writeReport(systemRoot: string, report: Report): Promise<string[]> {
  const safe = redactReport(report);
  await writeAtomic(onHost(systemRoot, REPORT_FILES.json), `${JSON.stringify(safe, null, 2)}\n`);
  await writeAtomic(onHost(systemRoot, REPORT_FILES.html), reportHtml(safe));
  return [REPORT_FILES.json, REPORT_FILES.html];
}
