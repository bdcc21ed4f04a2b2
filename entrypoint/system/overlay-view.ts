// A throw-away writable view of the host root: overlayfs over each of its file systems, upper layers on a
// private tmpfs. Commands that write caches or locks under --root (zypper, rpm) change nothing on the host.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Exec } from './exec.js';

/** Kernel and runtime file systems: not part of the installed system, left out of the view. */
const PSEUDO = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'cgroup',
  'cgroup2',
  'mqueue',
  'securityfs',
  'debugfs',
  'tracefs',
  'pstore',
  'bpf',
  'autofs',
  'hugetlbfs',
  'configfs',
  'fusectl',
  'binfmt_misc',
  'efivarfs',
  'nsfs',
  'ramfs',
  'rpc_pipefs',
]);

const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Mount points at or below root that hold real file systems, shallowest first (root itself first). */
export function viewLayers(mountinfo: string, root: string): string[] {
  const found = new Set<string>([root]);
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const point = unescapeOctal(fields[4] ?? '');
    const type = fields[fields.indexOf('-') + 1] ?? '';
    if (point !== root && point.startsWith(`${root}/`) && !PSEUDO.has(type)) found.add(point);
  }
  return [...found].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * Runs fn with the path of the view and always removes the view afterwards (every mount, deepest first).
 * Writes below the view land in memory and are discarded.
 */
export async function withOverlayView<T>(exec: Exec, root: string, fn: (view: string) => Promise<T>): Promise<T> {
  const resolved = path.resolve(root);
  const base = await mkdtemp(path.join(os.tmpdir(), 'dms-view-'));
  const scratch = path.join(base, 'scratch');
  // The view lies inside the tmpfs: one recursive unmount of the tmpfs removes every layer.
  const merged = path.join(scratch, 'root');
  const mounted: string[] = [];
  const mount = async (argv: string[], target: string) => {
    await mkdir(target, { recursive: true });
    await exec.run(argv, { quiet: true, hint: 'the read-only check needs overlayfs and tmpfs: run the container with --privileged' });
    mounted.push(target);
  };
  try {
    await mount(['mount', '-t', 'tmpfs', '-o', 'mode=0700', 'dms-view', scratch], scratch);
    const layers = viewLayers(await readFile('/proc/self/mountinfo', 'utf8'), resolved);
    for (const [i, lower] of layers.entries()) {
      const upper = path.join(scratch, `upper${i}`);
      const work = path.join(scratch, `work${i}`);
      await mkdir(upper);
      await mkdir(work);
      const target = path.join(merged, path.relative(resolved, lower));
      await mount(['mount', '-t', 'overlay', 'dms-view', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, target], target);
    }
    return await fn(merged);
  } finally {
    const all =
      mounted.length > 0
        ? await exec.run(['umount', '--recursive', scratch], { quiet: true, allowFailure: true, cleanup: true })
        : undefined;
    for (const target of all?.ok ? [] : mounted.reverse()) {
      // A layer still busy (a stopped command's files not yet closed) is detached lazily: nothing stays mounted.
      const plain = await exec.run(['umount', target], { quiet: true, allowFailure: true, cleanup: true });
      if (!plain.ok) await exec.run(['umount', '--lazy', target], { quiet: true, allowFailure: true, cleanup: true });
    }
    await rm(base, { recursive: true, force: true }).catch(() => undefined);
  }
}
