// Synthetic host roots a check can chroot into: busybox as the root's /bin/sh, and stand-in programs (shell scripts).
import { chmod, copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { buildExtraRepo } from '../bed/extra-package.js';
import type { PackageDef } from '../bed/model.js';
import { BUSYBOX_SOURCE } from '../bed/packages.js';
import { bedEnv } from '../bed/rpm-env.js';
import { addFiles } from './check-root.js';

/** Puts busybox into the root as /usr/bin/busybox, with /bin/sh and the `tools` linked to it. */
export async function addBusybox(root: string, tools: string[] = []): Promise<void> {
  await mkdir(path.join(root, 'usr/bin'), { recursive: true });
  await copyFile(BUSYBOX_SOURCE, path.join(root, 'usr/bin/busybox'));
  await addFiles(root, { '/bin/sh': { link: '/usr/bin/busybox' } });
  for (const tool of tools) await addFiles(root, { [`/usr/bin/${tool}`]: { link: '/usr/bin/busybox' } });
}

/** An executable script at the host path `hostPath` (run by the root's /bin/sh when chrooted). */
export async function addProgram(root: string, hostPath: string, script: string): Promise<void> {
  await addFiles(root, { [hostPath]: script });
  await chmod(path.join(root, hostPath), 0o755);
}

/** Copies an existing script (e.g. one of test/standins) into the root as an executable at `hostPath`. */
export async function copyProgram(root: string, from: string, hostPath: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, hostPath)), { recursive: true });
  await copyFile(from, path.join(root, hostPath));
  await chmod(path.join(root, hostPath), 0o755);
}

/** Builds `packages` (cached) and installs them into the root's rpm database (/var/lib/rpm) without dependencies or scriptlets. */
export async function installRpms(root: string, packages: PackageDef[]): Promise<void> {
  const repo = await buildExtraRepo(packages);
  const files: string[] = [];
  for (const arch of await readdir(repo)) {
    if (arch === 'repodata') continue;
    for (const name of await readdir(path.join(repo, arch))) if (name.endsWith('.rpm')) files.push(path.join(repo, arch, name));
  }
  await execa('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', '-i', '--nodeps', '--noscripts', '--force-debian', ...files], {
    env: await bedEnv(root),
  });
}
