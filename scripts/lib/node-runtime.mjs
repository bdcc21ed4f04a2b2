#!/usr/bin/env node
// Fetches the pinned Node binary (npm registry package node-linux-<arch>) into .cache/node-<version>/, once.
import { $ } from 'zx';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const names = JSON.parse(await readFile(join(repo, 'image/names.json'), 'utf8'));
const say = (msg) => console.log(`node-runtime: ${msg}`);

// Prints the version a Node binary reports, or null when it does not run.
async function versionOf(bin) {
  if (!existsSync(bin)) return null;
  const r = await $`${bin} --version`.nothrow().quiet();
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** Returns the path of a Node binary of version names.nodeVersion, downloading it on first use. */
export async function ensureNodeBinary() {
  const version = names.nodeVersion;
  const dir = join(repo, '.cache', `node-${version}`);
  const bin = join(dir, 'bin', 'node');
  if ((await versionOf(bin)) === `v${version}`) return bin;

  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!arch) throw new Error(`no node-linux package for architecture ${process.arch}`);
  const spec = `node-linux-${arch}@${version}`;
  say(`fetching ${spec} from the npm registry`);
  await mkdir(join(repo, '.cache'), { recursive: true });
  const tmp = await mkdtemp(join(repo, '.cache', 'node-tmp-'));
  try {
    const packed = await $({ cwd: tmp })`npm pack ${spec} --silent`.quiet();
    const tarball = packed.stdout.trim().split('\n').pop();
    await $`tar -xzf ${join(tmp, tarball)} -C ${tmp}`;
    const got = await versionOf(join(tmp, 'package', 'bin', 'node'));
    if (got !== `v${version}`) throw new Error(`${spec} contains a node binary reporting ${got ?? 'nothing'}`);
    await rm(dir, { recursive: true, force: true });
    await rename(join(tmp, 'package'), dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  say(`node v${version} at ${bin}`);
  return bin;
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  ensureNodeBinary().then(console.log, (err) => {
    console.error(`node-runtime: ${err.message}`);
    process.exitCode = 1;
  });
}
