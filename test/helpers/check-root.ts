// Synthetic host roots for the pre-flight checks: a temp dir with a few files, and a CheckContext pointing at it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckContext, FixContext } from '../../entrypoint/checks/types.js';
import { DEFAULTS, type MigrationConfig } from '../../entrypoint/config/schema.js';
import { createLogger } from '../../entrypoint/log/logger.js';
import { onHost } from '../../entrypoint/paths.js';
import { Exec } from '../../entrypoint/system/exec.js';
import { HostFiles } from '../../entrypoint/system/host-files.js';
import { readOnlyExec } from '../../entrypoint/system/read-only.js';
import { type FactsOverrides, rootFacts, testFacts } from './facts.js';

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

/** A context for one check: dup mode, SLE 16 target on x86_64 unless overridden (`facts`), silent logger. */
export function checkContext(root: string, over: Omit<Partial<CheckContext>, 'facts'> & { facts?: FactsOverrides } = {}): CheckContext {
  const log = createLogger({ consoleFd: null }).log;
  const { facts, ...rest } = over;
  return {
    root,
    host: (p) => onHost(root, p),
    config: { ...DEFAULTS, use_zypper_migration: false },
    facts: testFacts(facts),
    exec: readOnlyExec(new Exec(log)),
    log,
    procDir: path.join(root, '.proc-not-set'),
    sysDir: path.join(root, '.sys-not-set'),
    runningKernel: '0.0.0-0-none',
    ...rest,
  };
}

/** The fix context of a check context, with the full runner and a door without a journal. */
export function fixContextOf(ctx: CheckContext): FixContext {
  const exec = new Exec(ctx.log);
  return { ...ctx, exec, files: new HostFiles(ctx.root) };
}

export const SLES_PROD = (name = 'SLES', vendor = 'SUSE', flavor = '') => `<?xml version="1.0" encoding="UTF-8"?>
<product schemeversion="0"><vendor>${vendor}</vendor><name>${name}</name><version>15.7</version><arch>x86_64</arch>
<register>${flavor ? `<flavor>${flavor}</flavor>` : ''}<target>sle-15-x86_64</target></register></product>
`;

/** A context for one check whose facts come from the root itself (products, os-release), as a session resolves them. */
export async function rootCheckContext(
  root: string,
  over: { mode?: 'dup' | 'plugin'; config?: Partial<MigrationConfig>; targetVersionId?: string; machine?: string } = {},
): Promise<CheckContext> {
  const config = { ...DEFAULTS, use_zypper_migration: over.mode === 'plugin', ...over.config };
  return {
    ...checkContext(root, { config }),
    facts: await rootFacts(root, config, over.targetVersionId ?? '16.0', over.machine ?? 'x86_64'),
  };
}
