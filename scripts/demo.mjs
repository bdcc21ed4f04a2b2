#!/usr/bin/env node
// npm run demo: builds what is missing, then migrates a fresh synthetic SLES 12 SP5 root with the host shim.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { $ } from 'zx';
import { setupHost } from './lib/setup-host.mjs';
import { buildImage } from './build-image.mjs';
import { ensureRepos } from '../test/bed/repos.ts';
import { makeSystemRoot } from '../test/bed/system-root.ts';
import { serveDirectory } from '../test/bed/repo-server.ts';
import names from '../image/names.json' with { type: 'json' };

$.verbose = false;
const keep = process.argv.includes('--keep');
const image = process.env.DMS_IMAGE || names.image;
const started = Date.now();

async function osRelease(root) {
  const text = await readFile(path.join(root, 'etc/os-release'), 'utf8');
  return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? 'unknown';
}

/** name -> its installed version-release.arch, sorted (a multiversion kernel has several): as the container's summary counts (system/rpm-db.ts). */
async function packages(root) {
  const out = await $`rpm --root ${root} --dbpath /var/lib/rpm -qa --qf ${'%{NAME} %{VERSION}-%{RELEASE}.%{ARCH}\n'}`;
  const byName = new Map();
  for (const [name, version] of out.stdout
    .trim()
    .split('\n')
    .map((line) => line.split(' '))) {
    if (name !== 'gpg-pubkey') byName.set(name, [...(byName.get(name) ?? []), version].sort());
  }
  return byName;
}

console.log('== preparing the machine, the image and the synthetic repositories');
await setupHost();
await buildImage();
const repos = await ensureRepos();
const server = await serveDirectory(repos.sles15);
const repoUrl = server.url;
const root = await makeSystemRoot({ targetRepoUrl: repoUrl });
console.log(`== synthetic host root: ${root} (target repository ${repoUrl})`);
const before = { release: await osRelease(root), packages: await packages(root) };

// The shim runs dracut for the new kernel on the host after a success: here the test stand-in does
// (test/standins/host), so the demo never touches this machine's initrd. --keep-image keeps the local image.
const standinLog = path.join(root, 'var/log/demo-standins.log');
const shimEnv = {
  ...process.env,
  DMS_SYSTEM_ROOT: root,
  PATH: `${path.resolve('test/standins/host')}:${process.env.PATH}`,
  STANDIN_LOG: standinLog,
  STANDIN_REAL_PODMAN: (await $`command -v podman`).stdout.trim(),
};
console.log(
  `== running: DMS_SYSTEM_ROOT=${root} scripts/migrate --use-zypper-dup --migration-system ${image} --pull never --keep-image --yes`,
);
const migrateStart = Date.now();
const run = await $({
  env: shimEnv,
  stdio: ['ignore', 'inherit', 'inherit'],
  nothrow: true,
})`scripts/migrate --use-zypper-dup --migration-system ${image} --pull never --keep-image --yes`;
const migrateSeconds = ((Date.now() - migrateStart) / 1000).toFixed(1);
await server.close();

const after = { release: await osRelease(root), packages: await packages(root) };
const exitFile = (await readFile(path.join(root, 'var/log/distro_migration.exitcode'), 'utf8')).trim();
const upgraded = [...after.packages].filter(
  ([name, versions]) => before.packages.has(name) && before.packages.get(name).join() !== versions.join(),
).length;
const added = [...after.packages.keys()].filter((name) => !before.packages.has(name)).sort();
const removed = [...before.packages.keys()].filter((name) => !after.packages.has(name)).sort();

console.log('\n== result');
console.log(`  before:        ${before.release} (${before.packages.size} packages)`);
console.log(`  after:         ${after.release} (${after.packages.size} packages)`);
console.log(
  `  packages:      ${upgraded} upgraded, ${added.length} new (${added.join(', ') || '-'}), ${removed.length} removed (${removed.join(', ') || '-'})`,
);
console.log(`  shim exit:     ${run.exitCode}; exit-code file: ${exitFile}`);
console.log(`  log:           ${path.join(root, 'var/log/distro_migration.log')}`);
// The container's summary must say what the host's rpm database says, counted here on its own.
const summaryRecord = (await readFile(path.join(root, 'var/log/distro_migration.jsonl'), 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line))
  .findLast((record) => record.event === 'migration.summary');
const told = summaryRecord?.summary?.packages;
const summaryAgrees = told?.upgraded === upgraded && told?.added?.join() === added.join() && told?.removed?.join() === removed.join();
console.log(
  `  summary:       ${summaryAgrees ? "the container's summary counts the same" : `the container's summary differs: ${JSON.stringify(told)}`}`,
);
const dracut = (await readFile(standinLog, 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('dracut'));
console.log(`  initrd:        ${dracut.join('; ') || 'dracut was not called'} (stand-in)`);
console.log(`  migration:     ${migrateSeconds} s; whole demo ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (!keep) {
  await rm(root, { recursive: true, force: true });
  console.log('  (root removed; run with -- --keep to keep it)');
}
const ok = run.exitCode === 0 && exitFile === '0' && /15 SP7/.test(after.release) && summaryAgrees;
console.log(ok ? 'DEMO OK: the synthetic SLES 12 SP5 host was migrated to SLES 15 SP7' : 'DEMO FAILED');
process.exitCode = ok ? 0 : 1;
