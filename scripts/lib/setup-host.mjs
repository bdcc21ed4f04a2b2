#!/usr/bin/env node
// Prepares this Debian machine to build and run the migration image: apt packages, podman config, podman API socket.
import { $ } from 'zx';
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DEBIAN_PACKAGES = [
  'podman',
  'runc',
  'uidmap',
  'zypper',
  'rpm',
  'createrepo-c',
  'mmdebstrap',
  'busybox-static',
  'shellcheck',
  'zstd',
  'rsync',
  'btrfs-progs',
  'snapper',
  'chromium',
  'xfsprogs',
  'ansible-core',
  'ansible-lint',
  // The host package's tests: rpmlint, and the build service's changelog2spec (obs-build; it parses the
  // .changes dates with Date::Parse, which obs-build only recommends).
  'rpmlint',
  'obs-build',
  'libtimedate-perl',
  // Unit tests of the pre-flight checks: a real proxy on loopback (the binary only: the `tinyproxy`
  // package would also install and start a system service), a private CA, and a real LUKS header.
  'tinyproxy-bin',
  'openssl',
  'cryptsetup-bin',
];

export const CONTAINERS_CONF_PATH = '/etc/containers/containers.conf';
// crun fails on this machine kind (cgroups "hybrid"), and podman's default ulimits exceed what the VM allows.
export const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

export const PODMAN_SOCKET = '/run/podman/podman.sock';
export const DOCKER_HOST = `unix://${PODMAN_SOCKET}`;
const SERVICE_LOG = '/var/log/podman-service.log';

const say = (msg) => console.log(`setup-host: ${msg}`);

// Installs the Debian packages that are missing (one apt-get run; nothing when all are there).
async function ensurePackages() {
  const q = await $`dpkg-query -W -f=${'${Package} ${db:Status-Status}\n'} ${DEBIAN_PACKAGES}`.nothrow().quiet();
  const installed = new Set(
    q.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  const missing = DEBIAN_PACKAGES.filter((p) => !installed.has(p));
  if (missing.length === 0) return say('apt packages present');
  say(`installing ${missing.join(' ')} (apt-get, about 30-60 s)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await $({ env })`apt-get update -q`.quiet();
  await $({ env })`apt-get install -y -q --no-install-recommends ${missing}`.quiet();
}

// Writes containers.conf when its content differs; returns true when it changed.
async function ensureContainersConf() {
  const current = await readFile(CONTAINERS_CONF_PATH, 'utf8').catch(() => null);
  if (current === CONTAINERS_CONF) return false;
  await mkdir('/etc/containers', { recursive: true });
  await writeFile(CONTAINERS_CONF_PATH, CONTAINERS_CONF);
  say(`wrote ${CONTAINERS_CONF_PATH} (runc, cgroupfs, ulimits)`);
  return true;
}

// True when the podman API answers GET /_ping on the socket.
export function pingPodman(timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = request({ socketPath: PODMAN_SOCKET, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

// Starts `podman system service` detached unless the socket already answers, then waits for it.
async function ensurePodmanService(confChanged) {
  if (await pingPodman()) {
    if (confChanged) say(`warning: the running podman API service predates the new ${CONTAINERS_CONF_PATH}; restart it`);
    return say(`podman API up at ${DOCKER_HOST}`);
  }
  say(`starting podman system service at ${DOCKER_HOST} (log ${SERVICE_LOG})`);
  await mkdir('/run/podman', { recursive: true });
  const log = await open(SERVICE_LOG, 'a');
  const child = spawn('podman', ['system', 'service', '--time=0', DOCKER_HOST], {
    detached: true, // own session: survives this script and CI step shells
    // Not the caller's folder: the service outlives it, and once a clone it started from is removed,
    // every conmon it spawns fails ("Failed to get working directory") and container creation with it.
    cwd: '/',
    stdio: ['ignore', log.fd, log.fd],
  });
  child.unref();
  await log.close();
  let exited = null;
  child.once('exit', (code) => {
    exited = code;
  });
  for (let i = 0; i < 100; i++) {
    if (await pingPodman()) return say(`podman API up (pid ${child.pid})`);
    if (exited !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`podman system service did not answer on ${PODMAN_SOCKET}; see ${SERVICE_LOG}`);
}

export async function setupHost() {
  if (process.getuid?.() !== 0) {
    throw new Error('must run as root: it installs apt packages and runs privileged podman containers (try sudo)');
  }
  await ensurePackages();
  const confChanged = await ensureContainersConf();
  await ensurePodmanService(confChanged);
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  setupHost().catch((err) => {
    console.error(`setup-host: ${err.message}`);
    process.exitCode = 1;
  });
}
