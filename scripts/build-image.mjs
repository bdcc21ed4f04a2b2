#!/usr/bin/env node
// Builds the local migration images (names.image and its -sle16 twin) on the Debian test base: host setup, bundle, base image, podman build.
import { $ } from 'zx';
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupHost } from './lib/setup-host.mjs';
import { ensureBaseImage } from './lib/build-base.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const names = JSON.parse(await readFile(join(repo, 'image/names.json'), 'utf8'));
// DMS_IMAGE lets a second checkout (a git worktree) build and test its own image side by side.
const image = process.env.DMS_IMAGE || names.image;
const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
const say = (msg) => console.log(`build-image: ${msg}`);
/** Debian builds of what the production SLE 16 image installs from SUSE (image/Containerfile's SLE 16 list): NetworkManager with nmcli and nm-online. */
const SLE16_TEST_DEBIAN_PACKAGES = ['network-manager'];

// ID of a local image, or null when there is none.
async function imageId(image) {
  const r = await $`podman image inspect --format {{.Id}} ${image}`.nothrow().quiet();
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** Builds names.image from the current sources; cheap when only dist/entrypoint.mjs changed. */
export async function buildImage({ forceBase = false } = {}) {
  const t0 = Date.now();
  await setupHost();

  say('npm run build');
  await $({ cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] })`npm run --silent build`;
  if (!existsSync(join(repo, 'dist/entrypoint.mjs'))) throw new Error('npm run build did not produce dist/entrypoint.mjs');

  await ensureBaseImage({ force: forceBase });

  // The same recipe twice: the SLE 15 image, and `<image>-sle16` that declares SLE 16 as its target (SLE 16 step set)
  // and, as the production SLE 16 image gets SUSE's NetworkManager, gets Debian's (test/standins/README.md).
  for (const [tag, target, debianPackages] of [
    [image, names.testTargetVersionId, ''],
    [`${image}-sle16`, names.sle16TestTargetVersionId, SLE16_TEST_DEBIAN_PACKAGES.join(' ')],
  ]) {
    const before = await imageId(tag);
    const t1 = Date.now();
    await $({
      cwd: repo,
    })`podman build --quiet -f image/Containerfile --build-arg BASE=${names.baseImage} --build-arg INSTALL_SUSE_PACKAGES=false --build-arg TARGET_VERSION_ID=${target} --build-arg TEST_DEBIAN_PACKAGES=${debianPackages} --build-arg DMS_VERSION=${pkg.version} -t ${tag} .`.quiet();
    const after = await imageId(tag);
    // Drop the previous build so repeated builds do not pile up untagged images (kept if a container uses it).
    if (before && before !== after) await $`podman rmi ${before}`.nothrow().quiet();
    say(
      `${tag} ${after?.slice(0, 12)} (podman build ${((Date.now() - t1) / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  return image;
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  buildImage({ forceBase: process.argv.includes('--force-base') }).catch((err) => {
    console.error(`build-image: ${err.message}`);
    process.exitCode = 1;
  });
}
