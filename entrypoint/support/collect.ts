// What goes into a support bundle: host files (redacted), the effective configuration, mounts, packages.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactJson, redactText } from '../log/redact.js';
import { onHost } from '../paths.js';

/** Host files and directories worth having; missing ones are listed in the manifest. */
export const BUNDLE_PATHS = [
  '/var/log/distro_migration.log',
  '/var/log/distro_migration.jsonl',
  '/var/log/distro_migration.exitcode',
  '/var/log/distro_migration.report.json',
  '/var/log/distro_migration.report.html',
  '/var/log/distro_migration.report.txt',
  '/var/log/distro_migration.result',
  '/var/lib/dms/journal.json',
  '/var/log/zypper.solverTestCase',
  '/var/log/zypp/history',
  '/etc/os-release',
  '/etc/products.d',
  '/etc/zypp/repos.d',
  '/etc/zypp/services.d',
  '/etc/zypp/zypp.conf',
  '/etc/zypp/locks',
  '/etc/sle-migration-service.yml',
  '/etc/SUSEConnect',
  '/etc/regionserverclnt.cfg',
  '/etc/sysconfig/proxy',
  '/etc/issue',
];

/** Never copied, whatever the list above says: they hold credentials as a whole. */
const NEVER = ['/etc/zypp/credentials.d', '/etc/SUSEConnect.key'];

/** Only the end of big logs: enough to diagnose, small enough to mail. */
const MAX_BYTES = 4 * 1024 * 1024;

export interface Manifest {
  created: string;
  included: string[];
  missing: string[];
  truncated: string[];
  generated: string[];
}

/**
 * A file's bytes with its secrets masked: JSON and JSON lines value by value (a masked value never breaks them),
 * anything else as text; a file that is not UTF-8 (or holds NUL bytes) is masked byte for byte as Latin-1, so no
 * file escapes redaction and no byte of it is lost.
 */
export function redactFile(name: string, data: Buffer): Buffer {
  const utf8 = data.toString('utf8');
  if (/\.jsonl?$/.test(name) && !utf8.includes('\ufffd')) {
    return Buffer.from(
      utf8
        .split('\n')
        .map((line) => (line.trim() ? redactJson(line) : line))
        .join('\n'),
    );
  }
  if (!data.includes(0) && !utf8.includes('\ufffd')) return Buffer.from(redactText(utf8));
  return Buffer.from(redactText(data.toString('latin1')), 'latin1');
}

/** Copies one host file into the staging tree, redacted (text) and cut to its last MAX_BYTES. */
async function copyFile(systemRoot: string, hostPath: string, staging: string, manifest: Manifest): Promise<void> {
  let data = await readFile(onHost(systemRoot, hostPath));
  if (data.length > MAX_BYTES) {
    data = data.subarray(data.length - MAX_BYTES);
    manifest.truncated.push(hostPath);
  }
  const target = path.join(staging, 'host', hostPath);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, redactFile(hostPath, data));
  manifest.included.push(hostPath);
}

async function copyTree(systemRoot: string, hostPath: string, staging: string, manifest: Manifest): Promise<void> {
  if (NEVER.some((p) => hostPath === p || hostPath.startsWith(`${p}/`))) return;
  const st = await stat(onHost(systemRoot, hostPath));
  if (!st.isDirectory()) {
    if (st.isFile()) await copyFile(systemRoot, hostPath, staging, manifest);
    return;
  }
  for (const name of (await readdir(onHost(systemRoot, hostPath))).sort()) {
    await copyTree(systemRoot, path.posix.join(hostPath, name), staging, manifest);
  }
}

/** Copies every BUNDLE_PATHS entry that exists into `staging/host/...`. */
export async function collectHostFiles(systemRoot: string, staging: string, manifest: Manifest): Promise<void> {
  for (const hostPath of BUNDLE_PATHS) {
    try {
      await copyTree(systemRoot, hostPath, staging, manifest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') manifest.missing.push(hostPath);
      else throw err;
    }
  }
}

/** Writes a generated file (command output, effective config) into the staging tree, redacted. */
export async function addGenerated(staging: string, name: string, text: string, manifest: Manifest): Promise<void> {
  await writeFile(path.join(staging, name), redactText(text));
  manifest.generated.push(name);
}
