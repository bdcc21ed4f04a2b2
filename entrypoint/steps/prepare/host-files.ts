// Copies single host files into the container (SUSEConnect config, /etc/hosts) so its tools act for the host.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from '../../system/fs.js';
import type { StepContext } from '../types.js';

/** Copies host `hostFile` to `containerFile` when it exists; true when copied. */
export async function copyIfPresent(ctx: StepContext, hostFile: string, containerFile = hostFile): Promise<boolean> {
  if (!(await pathExists(ctx.host(hostFile)))) return false;
  await mkdir(path.dirname(containerFile), { recursive: true });
  // copyFile writes into the existing file: /etc/hosts is itself a bind mount made by podman.
  await copyFile(ctx.host(hostFile), containerFile);
  ctx.log.info({ event: 'prepare.copy', file: hostFile }, `copied host ${hostFile} to the container`);
  return true;
}

/** Writes `text` to a container file (parents created). */
export async function writeContainerFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}
