// What `stage` left in the host's package cache: the JSON record in /var/lib/dms, read by the run and the report.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactText } from '../log/redact.js';
import { HOST_FILES, onHost } from '../paths.js';
import { readTextFile } from '../system/fs.js';
import { readRepoFiles } from '../system/repo-files.js';

export interface StagedPackage {
  /** Path below the host's /var/cache/zypp/packages, e.g. "SLES15-SP7-Pool/noarch/foo-2.0-1.1.noarch.rpm". */
  path: string;
  size: number;
}

export interface StagedRepo {
  alias: string;
  /** baseurl with credentials masked. */
  url: string;
  /** sha256 of the repomd.xml zypper had when staging: a different one at run time means the repository changed. */
  repomdSha256?: string;
}

export interface StagedRecord {
  version: 1;
  stagedAt: string;
  mode: 'dup';
  /** Packages this staging downloaded (the ones `stage --drop` removes). */
  packages: StagedPackage[];
  /** Packages that were in the cache before staging and are used too. */
  alreadyCached: number;
  bytes: number;
  repos: StagedRepo[];
}

/** Short form for reports (the pre-flight report shows this). */
export interface StagedSummary {
  stagedAt: string;
  packages: number;
  bytes: number;
  file: string;
}

export const recordFile = (systemRoot: string) => onHost(systemRoot, HOST_FILES.staged);
export const packageCache = (systemRoot: string) => onHost(systemRoot, HOST_FILES.packageCache);

/** The record of the last staging, or undefined when nothing is staged (or the record is unreadable). */
export async function readStaged(systemRoot: string): Promise<StagedRecord | undefined> {
  try {
    const data = JSON.parse(await readTextFile(recordFile(systemRoot), 64 * 1024 * 1024)) as StagedRecord;
    return data.version === 1 && Array.isArray(data.packages) ? data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStaged(systemRoot: string, record: StagedRecord): Promise<string> {
  const file = recordFile(systemRoot);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}

export async function removeStagedRecord(systemRoot: string): Promise<void> {
  await rm(recordFile(systemRoot), { force: true });
}

/** For the pre-flight report: what is staged, or undefined. */
export async function stagedSummary(systemRoot: string): Promise<StagedSummary | undefined> {
  const r = await readStaged(systemRoot);
  if (!r) return undefined;
  return { stagedAt: r.stagedAt, packages: r.packages.length + r.alreadyCached, bytes: r.bytes, file: HOST_FILES.staged };
}

/** Every .rpm below the package cache, as path (relative) -> size. */
export async function cachedRpms(systemRoot: string): Promise<Map<string, number>> {
  const base = packageCache(systemRoot);
  const out = new Map<string, number>();
  const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.rpm')) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(base, full), (await stat(full)).size);
  }
  return out;
}

/** alias -> baseurl of the host's .repo files (enabled or not), credentials masked. */
async function repoUrls(systemRoot: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const repo of await readRepoFiles(systemRoot)) if (repo.rawBaseurl) out.set(repo.alias, redactText(repo.rawBaseurl));
  return out;
}

/** The host's repositories with the checksum of the metadata zypper last fetched for each. */
export async function repoFingerprints(systemRoot: string): Promise<StagedRepo[]> {
  const repos: StagedRepo[] = [];
  for (const [alias, url] of await repoUrls(systemRoot)) {
    const repomd = onHost(systemRoot, `/var/cache/zypp/raw/${alias}/repodata/repomd.xml`);
    const text = await readFile(repomd).catch(() => undefined);
    repos.push({ alias, url, ...(text ? { repomdSha256: createHash('sha256').update(text).digest('hex') } : {}) });
  }
  return repos;
}

/** Aliases whose metadata differs now from when the packages were staged. */
export function changedRepos(staged: StagedRepo[], now: StagedRepo[]): string[] {
  const before = new Map(staged.map((r) => [r.alias, r.repomdSha256]));
  return now.filter((r) => !before.has(r.alias) || before.get(r.alias) !== r.repomdSha256).map((r) => r.alias);
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
