// Synthetic host roots for the pre-flight checks: a temp dir with a few files, and a CheckContext pointing at it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckContext } from '../../entrypoint/checks/types.js';
import { DEFAULTS } from '../../entrypoint/config/schema.js';
import { createLogger } from '../../entrypoint/log/logger.js';
import { onHost } from '../../entrypoint/paths.js';
import { Exec } from '../../entrypoint/system/exec.js';

/** File content, or `{ link }` for a symlink. Paths are host paths ('/etc/fstab'). */
export type RootFiles = Record<string, string | { link: string }>;

export async function makeRoot(files: RootFiles = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-check-root-'));
  await addFiles(root, files);
  return root;
}

export async function addFiles(root: string, files: RootFiles): Promise<void> {
  for (const [p, content] of Object.entries(files)) {
    const full = path.join(root, p);
    await mkdir(path.dirname(full), { recursive: true });
    if (typeof content === 'string') await writeFile(full, content);
    else await symlink(content.link, full);
  }
}

export const removeRoot = (root: string) => rm(root, { recursive: true, force: true });

/** A context for one check: dup mode, SLE 16 target unless overridden, silent logger. */
export function checkContext(root: string, over: Partial<CheckContext> = {}): CheckContext {
  const log = createLogger({ consoleFd: null }).log;
  return {
    root,
    host: (p) => onHost(root, p),
    config: { ...DEFAULTS, use_zypper_migration: false },
    mode: 'dup',
    target: { versionId: '16.0', major: 16 },
    exec: new Exec(log),
    log,
    procDir: path.join(root, '.proc-not-set'),
    sysDir: path.join(root, '.sys-not-set'),
    machine: 'x86_64',
    ...over,
  };
}

export const SLES_PROD = (name = 'SLES', vendor = 'SUSE', flavor = '') => `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0"><vendor>${vendor}</vendor><name>${name}</name><version>15.7</version><arch>x86_64</arch>
<register>${flavor ? `<flavor>${flavor}</flavor>` : ''}<target>sle-15-x86_64</target></register></product>
`;
