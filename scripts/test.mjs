#!/usr/bin/env node
// npm test: sets up the machine (packages, podman, images, fixtures) idempotently, then runs every check and test.
import { readdir, readFile } from 'node:fs/promises';
import { $ } from 'zx';
import { setupHost } from './lib/setup-host.mjs';
import { buildImage } from './build-image.mjs';

$.verbose = false;
const only = process.argv.slice(2); // e.g. `npm test -- unit` runs the unit suite only
const want = (name) => only.length === 0 || only.includes(name);
const totals = { passed: 0, failed: 0 };
const failures = [];

function stripAnsi(text) {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    totals.passed++;
    console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    totals.failed++;
    failures.push(name);
    console.log(`FAIL  ${name}\n${String(err.stderr || err.stdout || err.message || err).trim()}`);
  }
}

/** Runs one uvu suite folder with the TypeScript loader, echoing its output and adding up its counts. */
async function uvu(dir, env = {}) {
  const run = await $({
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    nothrow: true,
  })`node --import tsx node_modules/uvu/bin.js ${dir} ${'.test.ts$'}`;
  const out = stripAnsi(run.stdout + run.stderr);
  process.stdout.write(out);
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
  totals.passed += passed;
  totals.failed += total - passed;
  if (total === 0 || run.exitCode !== 0) {
    if (total === passed) totals.failed++; // the suite crashed outside a test
    failures.push(dir);
  }
}

await setupHost();
if (want('static')) {
  await check('typescript: tsc --noEmit', () => $`npx tsc --noEmit`);
  await check('biome: formatted and lint-clean (fix: npx biome check --write)', () => $`npx biome ci --colors=off`);
  await check('knip: no unused files, exports or dependencies', () => $`npx knip --no-progress`);
  await check(
    'dependency-cruiser: no circles, no import from a lower floor to a higher one',
    () => $`npx depcruise entrypoint --config .dependency-cruiser.cjs --output-type err`,
  );
  await check('bundle: npm run build', () => $`npm run build`);
  await check('bundle: node dist/entrypoint.mjs --help', async () => {
    const help = await $`node dist/entrypoint.mjs --help`;
    if (!/run \[options\]/.test(help.stdout)) throw new Error(`unexpected help:\n${help.stdout}`);
  });
  await check(
    'shellcheck scripts/migrate, its completion, the host stand-ins',
    () =>
      $`shellcheck scripts/migrate scripts/rpm/migrate.bash-completion test/standins/host/biosdevname test/standins/host/dracut test/standins/host/podman test/standins/host/systemctl test/standins/host/udevadm test/standins/host/wicked`,
  );
  await check('shellcheck test/standins', async () => {
    const names = (await readdir('test/standins', { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    const standins = [];
    for (const f of names) {
      if (/^#!\/bin\/(ba)?sh/.test(await readFile(`test/standins/${f}`, 'utf8'))) standins.push(`test/standins/${f}`);
    }
    await $`shellcheck -s sh ${standins}`;
  });
  await check(
    'ansible-lint scripts/ansible, the collection dms.migration (production profile)',
    () =>
      $({
        cwd: 'scripts/ansible',
        quiet: true,
        env: { ...process.env, NO_COLOR: '1' },
      })`ansible-lint --offline --profile production playbooks roles inventory.example.yml`,
  );
}
if (want('unit')) await uvu('test/unit');
if (want('image')) {
  await buildImage();
  await uvu('test/image', { DOCKER_HOST: 'unix:///run/podman/podman.sock', TESTCONTAINERS_RYUK_DISABLED: 'true' });
  await uvu('test/ansible'); // ansible-playbook runs the host shim, which runs the image
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed === 0 && failures.length === 0 ? 0 : 1;
