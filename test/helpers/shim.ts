// Runs the real host shim scripts/migrate against a synthetic root, with the stand-ins of test/standins/host first in PATH.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const SHIM = path.join(REPO, 'scripts/migrate');
export const STANDINS = path.join(REPO, 'test/standins/host');
/** The image under test (built by `npm run image`). */
export const IMAGE = process.env.DMS_IMAGE ?? 'localhost/dms-migration:latest';

export interface ShimRun {
  /** Every call of a stand-in (and every podman call), one line each: `<program> <arguments>`. */
  calls: () => Promise<string[]>;
  env: Record<string, string>;
  dir: string;
}

/** A scratch directory with a stand-in log, and the environment that points the shim at `root`. */
export async function shimEnv(root: string, extra: Record<string, string> = {}): Promise<ShimRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-shim-'));
  const log = path.join(dir, 'standins.log');
  const realPodman = (await execa('sh', ['-c', 'command -v podman'])).stdout.trim();
  const env = {
    PATH: `${STANDINS}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    DMS_SYSTEM_ROOT: root,
    STANDIN_LOG: log,
    STANDIN_REAL_PODMAN: realPodman,
    ...extra,
  };
  const calls = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { calls, env, dir };
}

export function runShim(
  run: ShimRun,
  args: string[],
  opts: { timeoutMs?: number } = {},
): ResultPromise<{ reject: false; all: true; env: Record<string, string>; extendEnv: true; timeout: number; stdin: 'ignore' }> {
  return execa(SHIM, args, {
    reject: false,
    all: true,
    env: run.env,
    extendEnv: true,
    timeout: opts.timeoutMs ?? 300_000,
    stdin: 'ignore',
  });
}

/** A throw-away tag of the test image: the shim removes the image it ran after a success. */
export async function disposableImage(base = IMAGE): Promise<string> {
  const tag = `localhost/dms-shim-test:${randomBytes(4).toString('hex')}`;
  await execa('podman', ['tag', base, tag]);
  return tag;
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await execa('podman', ['image', 'exists', ref], { reject: false })).exitCode === 0;
}

export async function containerExists(nameOrId: string): Promise<boolean> {
  return (await execa('podman', ['container', 'exists', nameOrId], { reject: false })).exitCode === 0;
}

/** Names of the containers the shim announced (`Started the migration container NAME ...`). */
export function startedContainers(output: string): string[] {
  return [...output.matchAll(/Started the migration container (\S+) /g)].map((m) => m[1]!);
}

export async function cleanup(run: ShimRun): Promise<void> {
  await rm(run.dir, { recursive: true, force: true });
}
