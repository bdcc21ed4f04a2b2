// The host's name for the report: its /etc/hostname, else the kernel's (the container shares the host's UTS with --net host).
import os from 'node:os';
import { readTextFile } from '../system/fs.js';
import { onHost } from '../paths.js';

export async function readHostname(root: string): Promise<string> {
  const text = await readTextFile(onHost(root, '/etc/hostname'), 64 * 1024).catch(() => '');
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('#')) ?? os.hostname()
  );
}
