// Keeps the original of every host file the migration edits under /var/lib/dms/backup/<host path> (once: a re-run keeps the first).
import { copyFile, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { HOST_FILES, onHost } from '../paths.js';

/**
 * Copies host file `hostPath` to the backup tree unless a backup is already there (an earlier run's is the original).
 * Returns the backup's host path, or undefined when the file does not exist.
 */
export async function keepOriginal(systemRoot: string, hostPath: string): Promise<string | undefined> {
  const source = onHost(systemRoot, hostPath);
  const backupHostPath = path.posix.join(HOST_FILES.backupDir, path.posix.resolve('/', hostPath));
  const target = onHost(systemRoot, backupHostPath);
  const exists = (p: string) =>
    lstat(p).then(
      () => true,
      () => false,
    );
  if (!(await exists(source))) return undefined;
  if (!(await exists(target))) {
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(source, target);
  }
  return backupHostPath;
}
