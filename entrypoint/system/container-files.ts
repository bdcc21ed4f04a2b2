// Files of the migration container itself (not the host's): copies of host files the container's tools read.
import { copyFile, cp, lstat, mkdir, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostFiles } from './host-files.js';

/** Writes `text` to a container file (parents created). */
export async function writeContainerFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Creates a container directory (and its parents). */
export async function makeContainerDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/**
 * Copies the host file `hostPath` (symlinks resolved inside the host root) to `containerFile`; false when
 * the host has no such file, or only a directory there.
 */
export async function copyFromHost(files: HostFiles, hostPath: string, containerFile = hostPath): Promise<boolean> {
  const from = await files.resolve(hostPath);
  const st = await lstat(from).catch(() => undefined);
  if (!st || st.isDirectory()) return false;
  await mkdir(path.dirname(containerFile), { recursive: true });
  // copyFile writes into an existing file: /etc/hosts is itself a bind mount made by podman.
  await copyFile(from, containerFile);
  return true;
}

/**
 * Keeps the host path's current state (a file's content, or a symlink as a link) in the container, to put it
 * back later through the door; undefined when the host has nothing there.
 */
export async function saveInContainer(files: HostFiles, hostPath: string, containerFile: string): Promise<{ link?: string } | undefined> {
  const full = files.path(hostPath);
  const st = await lstat(full).catch(() => undefined);
  if (!st) return undefined;
  if (st.isSymbolicLink()) return { link: await readlink(full) };
  await mkdir(path.dirname(containerFile), { recursive: true });
  await cp(full, containerFile, { force: true });
  return {};
}
