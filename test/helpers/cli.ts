// Runs the CLI's main() in-process against temporary container paths, with stdout and stderr captured.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../entrypoint/cli.js';
import type { ContainerPaths } from '../../entrypoint/paths.js';

/** Container paths in a new temp dir, with an (almost empty) host root at <dir>/root. */
export async function cliPaths(): Promise<ContainerPaths> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-cli-'));
  await mkdir(path.join(dir, 'root/etc'), { recursive: true });
  return {
    systemRoot: path.join(dir, 'root'),
    ledger: path.join(dir, 'system-root.fstab'),
    imageConfig: path.join(dir, 'migration-config.yml'),
    dropinDir: path.join(dir, 'migration-config.d'),
    imageOsRelease: path.join(dir, 'os-release'),
  };
}

/** Runs main() with stdout/stderr captured. */
export async function capture(argv: string[], p: ContainerPaths): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(argv, p), out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
