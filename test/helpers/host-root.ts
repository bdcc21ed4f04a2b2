// Assertions helpers on a synthetic host root after a run: packages, tree hash, mounts.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { logRecordSchema } from '../../entrypoint/log/events.js';

/** name -> version-release of every package in the root's rpm database (SUSE layout /var/lib/rpm). */
export async function rpmPackages(root: string): Promise<Map<string, string>> {
  const { stdout } = await execa('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-qa', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\n']);
  return new Map(
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string]),
  );
}

/** A hash over every path, type, mode, symlink target and file content below root, except the `exclude`d relative paths. */
export async function treeHash(root: string, exclude: string[] = []): Promise<string> {
  const hash = createHash('sha256');
  async function walk(dir: string): Promise<void> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      if (exclude.includes(rel)) continue;
      const st = await lstat(full);
      hash.update(`${rel}\0${st.mode}\0`);
      if (st.isSymbolicLink()) hash.update(await readlink(full));
      else if (st.isDirectory()) await walk(full);
      else if (st.isFile()) hash.update(await readFile(full));
      hash.update('\n');
    }
  }
  await walk(root);
  return hash.digest('hex');
}

/** Every regular file below dir (recursively); none for a missing dir. */
export async function filesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesBelow(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** Mount points on this machine at or below dir (there must be none after a run). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
}

export async function readText(root: string, hostPath: string): Promise<string> {
  return readFile(path.join(root, hostPath), 'utf8');
}

export async function exists(root: string, hostPath: string): Promise<boolean> {
  return lstat(path.join(root, hostPath)).then(
    () => true,
    () => false,
  );
}

/** Lines of the root's JSON log that are not one documented event with exactly its fields (empty: all valid). */
export async function undocumentedLogLines(root: string): Promise<string[]> {
  const text = await readFile(path.join(root, 'var/log/distro_migration.jsonl'), 'utf8');
  const bad: string[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const parsed = logRecordSchema.safeParse(JSON.parse(line));
    if (!parsed.success) bad.push(`${line.slice(0, 200)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return bad;
}
