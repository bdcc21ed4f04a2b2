#!/usr/bin/env node
// Builds the local test base image (Debian bookworm + zypper/rpm + pinned Node) with mmdebstrap, cached as .cache/images/*.tar.zst.
import { $ } from 'zx';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeBinary } from './node-runtime.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const names = JSON.parse(await readFile(join(repo, 'image/names.json'), 'utf8'));
const say = (msg) => console.log(`build-base: ${msg}`);

const SUITE = 'bookworm';
// What a migration container runs: zypper --root, rpm, rsync, mount --bind / umount --lazy,
// findmnt (util-linux), chroot (coreutils), ip (iproute2), sysctl/ps (procps); libstdc++6 for node;
export const BASE_PACKAGES = [
  'zypper',
  'rpm',
  'rsync',
  'util-linux',
  'mount',
  'ca-certificates',
  'procps',
  'iproute2',
  'findutils',
  'libstdc++6',
  // systemctl --root (SLE 16 steps), snapper and btrfs tools (snapshots, rollback), dbus, xfs_info.
  'systemd',
  'dbus',
  'snapper',
  'btrfs-progs',
  'xfsprogs',
];
// Debian's rpm keeps its database in ~/.rpmdb; SUSE layout is /var/lib/rpm. And Debian's rpm warns "use Alien instead!" on every package zypper
// installs unless --force-debian is given: zypper always passes --percent, so alias that.
const RPM_MACROS_HOOK =
  'mkdir -p "$1/etc/rpm" && echo "%_dbpath /var/lib/rpm" > "$1/etc/rpm/macros" && echo "rpm alias --percent --percent --force-debian" >> "$1/etc/popt"';
const DPKG_OPTS = [
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/locale/*',
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
];
const IMAGE_CHANGES = ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'ENV LANG=C.UTF-8', 'CMD ["/bin/bash"]'];
const KEY_LABEL = 'dms.base-key';

// Hash of everything that goes into the image: changes whenever the recipe does.
export function baseKey() {
  const recipe = { v: 1, SUITE, BASE_PACKAGES, RPM_MACROS_HOOK, DPKG_OPTS, IMAGE_CHANGES, node: names.nodeVersion };
  return createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 12);
}

// The key label of the local image, or null when there is no such image.
async function imageKey(image) {
  const r = await $`podman image inspect --format ${`{{ index .Config.Labels "${KEY_LABEL}" }}`} ${image}`.nothrow().quiet();
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** Makes sure names.baseImage exists and matches the recipe: keep it, load the cache, or build it. */
export async function ensureBaseImage({ force = false } = {}) {
  const image = names.baseImage;
  const key = baseKey();
  const cacheDir = join(repo, '.cache', 'images');
  const cacheFile = join(cacheDir, `dms-base-${key}.tar.zst`);

  const current = await imageKey(image);
  if (!force && current === key) return say(`${image} up to date (key ${key})`);
  if (!force && existsSync(cacheFile)) {
    const t0 = Date.now();
    say(`loading ${image} from ${cacheFile}`);
    await $`zstd -dcq ${cacheFile} | podman load -q`.quiet();
    if ((await imageKey(image)) === key) return say(`loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    say('cached image does not match the recipe, rebuilding');
  }

  const t0 = Date.now();
  const node = await ensureNodeBinary();
  say(`building ${image} (key ${key}) with mmdebstrap ${SUITE}: ${BASE_PACKAGES.join(' ')} + node v${names.nodeVersion}`);
  await $`mmdebstrap --quiet --variant=minbase --include=${BASE_PACKAGES.join(',')} ${DPKG_OPTS.map((o) => `--dpkgopt=${o}`)} --customize-hook=${RPM_MACROS_HOOK} --customize-hook=${`copy-in ${node} /usr/bin`} ${SUITE} - | podman import -q ${IMAGE_CHANGES.flatMap((c) => ['--change', c])} --change ${`LABEL ${KEY_LABEL}=${key}`} - ${image}`.quiet();
  say(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s; saving ${cacheFile}`);

  await mkdir(cacheDir, { recursive: true });
  for (const f of await readdir(cacheDir)) {
    if (f.startsWith('dms-base-') && f.endsWith('.tar.zst')) await rm(join(cacheDir, f), { force: true });
  }
  const tmp = `${cacheFile}.tmp`;
  await $`podman save ${image} | zstd -q -T0 -3 -f -o ${tmp}`.quiet();
  await rename(tmp, cacheFile);
  say(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  ensureBaseImage({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`build-base: ${err.message}`);
    process.exitCode = 1;
  });
}
