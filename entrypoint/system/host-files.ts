// The one door to the host's files: every read and change of a file under the system root goes through here.
// Before the first change of a file, its original is kept under /var/lib/dms/backup/<host path> (once: a
// re-run keeps the first run's original), and every change is reported (path, hash before and after) so
// that the run records it in its journal. Paths resolve inside the root: an absolute symlink on the host
// points into the host, never into the container.
import { createHash } from 'node:crypto';
import { chmod, chown, cp, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HOST_FILES, onHost, resolveInRootSync } from '../paths.js';
import { readTextFile } from './fs.js';

/** What one change did to one host path (recorded in the journal, in order). */
export const fileChangeSchema = z.object({
  /** Host path, e.g. /etc/default/grub. */
  path: z.string(),
  action: z.enum(['write', 'remove', 'move', 'symlink', 'mkdir']),
  /** The state before and after: `sha256:<hex>` of a file, `tree:<hex>` of a directory's content, `dir`, `link:<target>`, or `absent`. */
  before: z.string().describe('sha256:<hex> (file), tree:<sha256> (directory with its content), dir, link:<target> or absent'),
  after: z.string(),
  /** Host path of the original, kept under /var/lib/dms/backup (none when the path did not exist). */
  backup: z.string().optional().describe('host path of the kept original'),
  /** move: where it went. */
  to: z.string().optional(),
  /** The step that made the change (added by the run). */
  step: z.string().optional(),
});

export type FileChange = z.infer<typeof fileChangeSchema>;

export type ChangeRecorder = (change: FileChange) => void | Promise<void>;

/** `readlink -m` inside the host root (see resolveInRootSync); returns the host path. */
export async function resolveInRoot(systemRoot: string, hostPath: string): Promise<string> {
  return resolveInRootSync(systemRoot, hostPath);
}

/** The state of a path for the change record: content hash, `dir`, `link:<target>` or `absent`. */
async function fingerprint(full: string): Promise<string> {
  const st = await lstat(full).catch(() => undefined);
  if (!st) return 'absent';
  if (st.isSymbolicLink()) return `link:${await readlink(full)}`;
  if (st.isDirectory()) return 'dir';
  return `sha256:${createHash('sha256')
    .update(await readFile(full))
    .digest('hex')}`;
}

/** The state of a whole tree: every entry's relative path and fingerprint, hashed (detects any change below a directory). */
async function treeFingerprint(full: string): Promise<string> {
  const top = await fingerprint(full);
  if (top !== 'dir') return top;
  const hash = createHash('sha256');
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const child = path.join(dir, name);
      const state = await fingerprint(child);
      hash.update(`${rel}/${name}\0${state}\n`);
      if (state === 'dir') await walk(child, `${rel}/${name}`);
    }
  };
  await walk(full, '');
  return `tree:${hash.digest('hex')}`;
}

const exists = (p: string) =>
  lstat(p).then(
    () => true,
    () => false,
  );

export class HostFiles {
  /** Host paths whose original is known to be kept (or known to have been absent) this session. */
  private readonly kept = new Set<string>();

  constructor(
    /** The host root, e.g. /system-root. */
    readonly root: string,
    private readonly recorder?: ChangeRecorder,
    /** Host paths an earlier run of this migration created: they have no original to keep. */
    createdEarlier: readonly string[] = [],
  ) {
    for (const p of createdEarlier) this.kept.add(p);
  }

  /** Where a host path is in this container (no symlink resolution; for commands given the root). */
  path(hostPath: string): string {
    return onHost(this.root, hostPath);
  }

  /** The container path of a host path with its symlinks resolved inside the root. */
  async resolve(hostPath: string): Promise<string> {
    return this.path(await resolveInRoot(this.root, path.posix.resolve('/', hostPath)));
  }

  async read(hostPath: string): Promise<string> {
    return readTextFile(await this.resolve(hostPath));
  }

  /** The file's text, or undefined when it does not exist. */
  async readOptional(hostPath: string): Promise<string | undefined> {
    try {
      return await this.read(hostPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  async exists(hostPath: string): Promise<boolean> {
    return exists(this.path(hostPath));
  }

  /**
   * Keeps the original of a host path (file, symlink or whole directory) under the backup directory,
   * unless an original is kept already. Returns the backup's host path, or undefined when the path
   * does not exist (a later change then creates it).
   */
  async keepOriginal(hostPath: string): Promise<string | undefined> {
    const clean = path.posix.resolve('/', hostPath);
    const backup = path.posix.join(HOST_FILES.backupDir, clean);
    const source = this.path(clean);
    if (!(await exists(source))) {
      this.kept.add(clean);
      return undefined;
    }
    if (this.kept.has(clean) || (await exists(this.path(backup)))) {
      this.kept.add(clean);
      return (await exists(this.path(backup))) ? backup : undefined;
    }
    await mkdir(path.dirname(this.path(backup)), { recursive: true });
    await cp(source, this.path(backup), {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      errorOnExist: false,
      force: false,
    });
    this.kept.add(clean);
    return backup;
  }

  /** Runs `change` on the (resolved) host path with its original kept first, and records what it did. */
  private async changing(
    hostPath: string,
    action: FileChange['action'],
    change: (full: string) => Promise<void>,
    extra: Partial<FileChange> = {},
  ): Promise<void> {
    const clean = await resolveInRoot(this.root, path.posix.resolve('/', hostPath));
    const full = this.path(clean);
    const before = await fingerprint(full);
    const backup = await this.keepOriginal(clean);
    await change(full);
    const after = await fingerprint(full);
    await this.recorder?.({ path: clean, action, before, after, ...(backup ? { backup } : {}), ...extra });
  }

  /**
   * Replaces a host file's content: written next to it and renamed over it (never half a file),
   * with the mode and owner of the file it replaces (or `mode` for a new one).
   */
  async write(hostPath: string, data: string | Buffer, options: { mode?: number } = {}): Promise<void> {
    await this.changing(hostPath, 'write', async (full) => {
      const old = await stat(full).catch(() => undefined);
      await mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.dms-new`;
      await writeFile(tmp, data, { mode: options.mode ?? old?.mode ?? 0o644 });
      if (old) await chown(tmp, old.uid, old.gid).catch(() => undefined);
      if (options.mode !== undefined) await chmod(tmp, options.mode);
      else if (old) await chmod(tmp, old.mode & 0o7777);
      await rename(tmp, full);
    });
  }

  /** Applies `edit` to the file's text; writes (and keeps the original) only when the text changes. */
  async edit(hostPath: string, edit: (text: string) => string | Promise<string>): Promise<boolean> {
    const text = await this.read(hostPath);
    const next = await edit(text);
    if (next === text) return false;
    await this.write(hostPath, next);
    return true;
  }

  /** Installs a file of the container on the host (e.g. a converted network connection). */
  async copyIn(containerFile: string, hostPath: string, options: { mode?: number } = {}): Promise<void> {
    await this.write(hostPath, await readFile(containerFile), options);
  }

  /** Copies a container directory to the host (replacing what is there), e.g. zypper's solver test case. */
  async copyTreeIn(containerDir: string, hostPath: string): Promise<void> {
    await this.changing(hostPath, 'write', async (full) => {
      await mkdir(path.dirname(full), { recursive: true });
      await cp(containerDir, full, { recursive: true, force: true });
    });
  }

  /** Removes a host file, symlink or (recursive) directory; no error when it does not exist. */
  async remove(hostPath: string): Promise<void> {
    if (!(await exists(this.path(path.posix.resolve('/', hostPath))))) return;
    // The link itself is removed, not what it points to.
    const clean = path.posix.resolve('/', hostPath);
    const before = await fingerprint(this.path(clean));
    const backup = await this.keepOriginal(clean);
    await rm(this.path(clean), { recursive: true, force: true });
    await this.recorder?.({ path: clean, action: 'remove', before, after: 'absent', ...(backup ? { backup } : {}) });
  }

  /** Renames a host path (a symlink is moved as the link); the original of both ends is kept. */
  async move(fromHost: string, toHost: string): Promise<void> {
    const from = path.posix.resolve('/', fromHost);
    const to = path.posix.resolve('/', toHost);
    const before = await fingerprint(this.path(from));
    const backup = await this.keepOriginal(from);
    await this.keepOriginal(to);
    await mkdir(path.dirname(this.path(to)), { recursive: true });
    await rename(this.path(from), this.path(to));
    await this.recorder?.({ path: from, action: 'move', before, after: 'absent', to, ...(backup ? { backup } : {}) });
  }

  /** Makes `hostPath` a symlink to `target` (replacing what is there, which is kept). */
  async symlink(target: string, hostPath: string): Promise<void> {
    const clean = path.posix.resolve('/', hostPath);
    const full = this.path(clean);
    const before = await fingerprint(full);
    const backup = await this.keepOriginal(clean);
    await mkdir(path.dirname(full), { recursive: true });
    await rm(full, { force: true, recursive: true });
    await symlink(target, full);
    await this.recorder?.({ path: clean, action: 'symlink', before, after: `link:${target}`, ...(backup ? { backup } : {}) });
  }

  /** Creates a host directory (and its parents); recorded only when it did not exist. */
  async mkdir(hostPath: string, options: { mode?: number } = {}): Promise<void> {
    const clean = await resolveInRoot(this.root, path.posix.resolve('/', hostPath));
    const full = this.path(clean);
    if (await exists(full)) return;
    // The top-most directory that does not exist yet is what this creates (and what undoing it removes).
    let top = clean;
    while (path.posix.dirname(top) !== top && !(await exists(this.path(path.posix.dirname(top))))) top = path.posix.dirname(top);
    await mkdir(full, { recursive: true, ...(options.mode !== undefined ? { mode: options.mode } : {}) });
    this.kept.add(top);
    await this.recorder?.({ path: top, action: 'mkdir', before: 'absent', after: 'dir' });
  }

  /**
   * Runs a program that changes host files itself (systemctl, grub2-mkconfig, dracut, crmsh, rsync): the
   * originals of `hostPaths` (files or whole directories) are kept first, and each one it changed is recorded.
   */
  async around<T>(hostPaths: readonly string[], run: () => Promise<T>): Promise<T> {
    const watched: Array<{ path: string; before: string; backup: string | undefined }> = [];
    for (const hostPath of hostPaths) {
      let clean = await resolveInRoot(this.root, path.posix.resolve('/', hostPath));
      // A path whose parents are missing: the program may create them too, so the top-most missing one is watched.
      while (path.posix.dirname(clean) !== clean && !(await exists(this.path(path.posix.dirname(clean)))))
        clean = path.posix.dirname(clean);
      watched.push({ path: clean, before: await treeFingerprint(this.path(clean)), backup: await this.keepOriginal(clean) });
    }
    try {
      return await run();
    } finally {
      for (const w of watched) {
        const after = await treeFingerprint(this.path(w.path));
        if (after !== w.before) {
          if (w.before === 'absent') this.kept.add(w.path);
          await this.recorder?.({ path: w.path, action: 'write', before: w.before, after, ...(w.backup ? { backup: w.backup } : {}) });
        }
      }
    }
  }

  /**
   * Runs `run` and then puts `hostPaths` back as they were (content, or absence): for bookkeeping that a
   * command writes as a side effect (zypper's AutoInstalled during staging). Neither kept nor recorded.
   */
  async unchangedAfter<T>(hostPaths: readonly string[], run: () => Promise<T>): Promise<T> {
    const saved = await Promise.all(hostPaths.map((p) => readFile(this.path(p)).catch(() => undefined)));
    try {
      return await run();
    } finally {
      for (const [i, hostPath] of hostPaths.entries()) {
        const content = saved[i];
        if (content === undefined) await rm(this.path(hostPath), { force: true });
        else await writeFile(this.path(hostPath), content);
      }
    }
  }

  /**
   * The program's own files on the host (journal, markers, records under /var/lib/dms and /var/cache/dms):
   * written atomically (temp file + rename), neither kept nor recorded: they are not part of the system.
   */
  async writeState(hostPath: string, data: string): Promise<void> {
    const full = this.path(hostPath);
    await mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.tmp`;
    await writeFile(tmp, data, 'utf8');
    await rename(tmp, full);
  }

  /** Removes one of the program's own files (see writeState). */
  async removeState(hostPath: string): Promise<void> {
    await rm(this.path(hostPath), { force: true, recursive: true });
  }
}
