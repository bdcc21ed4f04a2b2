// makeSystemRoot(): a fresh installed "SLES 12 SP5" (or "SLES 15 SP7") root, set up by its "user" for a dup to the next major.
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './paths.js';
import { ensureTemplateRoot, type TemplateRelease } from './template-root.js';

export const TARGET_REPO_FILE = 'etc/zypp/repos.d/SLES15-SP7.repo';
/** Repository file of a SLES 15 SP7 root (release '15.7'), pointing at SLES 16.0. */
export const TARGET_REPO_FILE_16 = 'etc/zypp/repos.d/SLES16.repo';

export function targetRepoFile(baseurl: string, alias = 'SLES15-SP7-Pool'): string {
  return `[${alias}]
name=${alias}
enabled=1
autorefresh=1
baseurl=${baseurl}
type=rpm-md
gpgcheck=0
`;
}

/**
 * Copies the cached template root (zypper-installed from the sles12 repository, or sles15 with
 * `release: '15.7'`) into `dir` (must be missing or empty; default: a new temporary directory)
 * and points it at `targetRepoUrl` (SLES 15 SP7, or SLES 16.0 for a 15.7 root).
 * `arch`: a root of that architecture of SLES (default: the machine's), installed from the
 * repositories of `ensureRepos({ arch })`; a foreign one has `arch = ARCH` in its /etc/zypp/zypp.conf.
 * `template` names another template root (e.g. a large one of test/bed/scale.ts).
 */
export async function makeSystemRoot(opts: {
  targetRepoUrl: string;
  dir?: string;
  release?: TemplateRelease;
  arch?: string;
  template?: string;
}): Promise<string> {
  const release = opts.release ?? '12.5';
  const template = opts.template ?? (await ensureTemplateRoot(release, opts.arch));
  let root: string;
  if (opts.dir === undefined) {
    root = await mkdtemp(path.join(os.tmpdir(), 'dms-root-'));
  } else {
    root = path.resolve(opts.dir);
    await mkdir(root, { recursive: true });
    if ((await readdir(root)).length > 0) throw new Error(`makeSystemRoot: ${root} is not empty`);
  }
  await execa('cp', ['-a', '--reflink=auto', `${template}/.`, `${root}/`]);
  await chmod(root, 0o755); // mkdtemp made it 0700; a system's / is 0755
  if (release === '12.5') await writeFile(path.join(root, TARGET_REPO_FILE), targetRepoFile(opts.targetRepoUrl));
  else await writeFile(path.join(root, TARGET_REPO_FILE_16), targetRepoFile(opts.targetRepoUrl, 'SLES16-Pool'));
  return root;
}

/** Mount points at or below `dir` (a migration that mounted /proc etc. into the root and died). */
async function mountsBelow(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return info
    .split('\n')
    .map((l) => unescapeOctal(l.split(' ')[4] ?? ''))
    .filter((m) => m === dir || m.startsWith(`${dir}/`));
}

/** Deletes a root made by makeSystemRoot; refuses obviously wrong paths and roots with mounts in them. */
export async function removeSystemRoot(dir: string): Promise<void> {
  const root = path.resolve(dir);
  const forbidden = ['/', os.homedir(), os.tmpdir(), path.resolve(REPO_ROOT)].map((p) => path.resolve(p));
  if (forbidden.includes(root) || root.split('/').filter(Boolean).length < 2) {
    throw new Error(`removeSystemRoot: refusing to remove ${root}`);
  }
  const mounts = await mountsBelow(root);
  if (mounts.length > 0) throw new Error(`removeSystemRoot: ${root} still has mounts: ${mounts.join(', ')}`);
  await execa('rm', ['-rf', '--one-file-system', root]);
}
