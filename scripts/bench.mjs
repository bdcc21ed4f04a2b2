#!/usr/bin/env node
// npm run bench: the migration's cost above bare zypper at 27/50/500/2000 packages, start-up, bundle, memory, pre-flight (with its phases), staging over HTTP.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';
import { setupHost } from './lib/setup-host.mjs';
import { buildImage } from './build-image.mjs';
import { ensureScaledBed } from '../test/bed/scale.ts';
import { makeSystemRoot, removeSystemRoot } from '../test/bed/system-root.ts';
import { serveDirectory } from '../test/bed/repo-server.ts';
import { dupArgv } from '../entrypoint/system/zypper.ts';

const USAGE = `Usage: npm run bench -- [options]
  --sizes LIST        packages in the synthetic roots (default 27,50,500,2000; 27 = the bed's 7 and 20 fillers)
  --runs N            runs of every figure for roots below 1000 packages (default 3)
  --big-runs N        runs for roots of 1000 packages and more (default 3)
  --payload-kib K     random payload of each SLES 15 filler package (default 256)
  --limit-mbps M      bandwidth limit of the HTTP staging scenario, MB/s (default 50)
  --scenarios LIST    migrate,preflight,staging (default all)
  --out DIR           where the JSON result goes (default .cache/bench)
  --table FILE        only print the table of a stored result`;

const { values: opt } = parseArgs({
  options: {
    sizes: { type: 'string', default: '27,50,500,2000' },
    runs: { type: 'string', default: '3' },
    'big-runs': { type: 'string', default: '3' },
    'payload-kib': { type: 'string', default: '256' },
    'limit-mbps': { type: 'string', default: '50' },
    scenarios: { type: 'string', default: 'migrate,preflight,staging' },
    out: { type: 'string', default: '.cache/bench' },
    table: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}

if (opt.table) {
  console.log(renderTable(JSON.parse(await readFile(opt.table, 'utf8'))));
  process.exit(0);
}

$.verbose = false;
const repo = fileURLToPath(new URL('..', import.meta.url));
const names = JSON.parse(await readFile(path.join(repo, 'image/names.json'), 'utf8'));
const image = process.env.DMS_IMAGE || names.image;
const sizes = opt.sizes.split(',').map(Number);
const scenarios = new Set(opt.scenarios.split(','));
const payloadKiB = Number(opt['payload-kib']);
const limitMBps = Number(opt['limit-mbps']);
const runsFor = (size) => Number(size >= 1000 ? opt['big-runs'] : opt.runs);
const say = (msg) => console.log(`bench: ${msg}`);

// ---------------------------------------------------------------- measuring

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (all) =>
  ((xs) => (xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length, values: xs } : undefined))(
    all.filter((x) => Number.isFinite(x)),
  );

async function timed(fn) {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/** Peak RSS (VmHWM) of the entrypoint process that has `root` mounted at /system-root, polled from the host's /proc. */
function watchPeak(root) {
  let pid;
  let peakKiB = 0;
  const tag = path.basename(root);
  const poll = async () => {
    if (pid === undefined) {
      for (const p of await readdir('/proc').catch(() => [])) {
        if (!/^\d+$/.test(p)) continue;
        // The run's entrypoint (`entrypoint.mjs run ...`), not the shim's short `ends` container on the same root.
        const argv = (await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '')).split('\0');
        const at = argv.findIndex((a) => a.endsWith('/usr/lib/dms/entrypoint.mjs'));
        if (at < 0 || argv[at + 1] !== 'run') continue;
        const mounts = await readFile(`/proc/${p}/mountinfo`, 'utf8').catch(() => '');
        if (mounts.split('\n').some((l) => l.includes(tag) && l.includes(' /system-root '))) {
          pid = p;
          break;
        }
      }
    }
    if (pid !== undefined) {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kib = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      if (kib > peakKiB) peakKiB = kib;
    }
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    poll().finally(() => {
      busy = false;
    });
  }, 100);
  return () => {
    clearInterval(timer);
    return peakKiB > 0 ? peakKiB / 1024 : undefined;
  };
}

/** Events of the root's JSON log. */
async function events(root) {
  const text = await readFile(path.join(root, 'var/log/distro_migration.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** From the last run's JSON log: start-up (process start to first log line) and the window in which the host is changed. */
async function runFigures(root) {
  const ev = await events(root);
  let start = -1;
  ev.forEach((e, i) => {
    if (e.event === 'migration.start') start = i;
  });
  const run = ev.slice(start);
  const first = run.find((e) => e.event === 'step.start' && e.step === 'product-setup');
  const end = run.find((e) => e.event === 'migration.end');
  // The upgrade's zypper dup: until its first "Installing" it solves and downloads, after that it installs.
  const dup = run.find((e) => e.event === 'cmd.start' && e.step === 'upgrade' && e.argv?.includes('dup'));
  const firstInstall = dup && run.find((e) => e.event === 'progress' && e.cmdId === dup.cmdId && e.phase === 'install');
  const dupEnd = dup && run.find((e) => e.event === 'cmd.end' && e.cmdId === dup.cmdId);
  // The pre-flight inside the run: its view (mounts and unmounts of dms-view), its solver dry run, the checks that
  // wait for the plan (from the plan to the last finding), and the report written at the end of the run.
  const ms = (a, b) => (a && b ? Date.parse(b.time) - Date.parse(a.time) : undefined);
  const cmdMs = (pick) =>
    run
      .filter((e) => e.event === 'cmd.start' && pick(e.argv ?? []))
      .map(
        (s) =>
          ms(
            s,
            run.find((e) => e.event === 'cmd.end' && e.cmdId === s.cmdId),
          ) ?? 0,
      )
      .reduce((a, b) => a + b, 0);
  const planStart = run.find((e) => e.event === 'plan.start');
  const plan = run.find((e) => e.event === 'plan');
  const findings = run.filter((e) => e.event === 'finding');
  const reportAt = run.findIndex((e) => e.event === 'report');
  const inPreflight = () => planStart && plan;
  return {
    preflightMs: ms(run[0], findings.at(-1)),
    viewMs: inPreflight() ? cmdMs((argv) => /^u?mount$/.test(argv[0]) && argv.some((a) => String(a).includes('dms-view'))) : undefined,
    dryRunMs: inPreflight() ? cmdMs((argv) => argv.includes('--dry-run')) : undefined,
    planMs: ms(planStart, plan),
    lateChecksMs: ms(plan, findings.at(-1)),
    reportMs: reportAt > 0 ? ms(run[reportAt - 1], run[reportAt]) : undefined,
    startupMs: run[0]?.startupMs,
    beforeInstallMs: firstInstall ? Date.parse(firstInstall.time) - Date.parse(dup.time) : undefined,
    installMs: firstInstall && dupEnd ? Date.parse(dupEnd.time) - Date.parse(firstInstall.time) : undefined,
    windowMs: first && end ? Date.parse(end.time) - Date.parse(first.time) : undefined,
    ok: end?.ok === true,
  };
}

// ---------------------------------------------------------------- the things measured

const podmanRun = (root, extra = []) => ['run', '--rm', '--privileged', '--net', 'host', '-v', `${root}:/system-root`, ...extra];

async function bareZypper(root, args = []) {
  const argv = [...dupArgv('/system-root').slice(1), ...args];
  const r = await $`podman ${podmanRun(root, ['--entrypoint', 'zypper'])} ${image} ${argv}`.nothrow();
  if (r.exitCode !== 0) throw new Error(`bare zypper ${args.join(' ')} failed (${r.exitCode}): ${r.stderr.slice(-2000)}`);
}

// The shim rebuilds the migrated root's initrd after a success: the dracut stand-in does it here (alone in
// PATH's first folder, so that podman is the real one), and --keep-image keeps the image for the next run.
let standinBin;
async function shimPath() {
  if (!standinBin) {
    standinBin = await mkdtemp(path.join(os.tmpdir(), 'dms-bench-bin-'));
    await symlink(path.join(repo, 'test/standins/host/dracut'), path.join(standinBin, 'dracut'));
  }
  return `${standinBin}:${process.env.PATH}`;
}

async function shim(root, args = []) {
  const env = { ...process.env, DMS_SYSTEM_ROOT: root, PATH: await shimPath(), STANDIN_LOG: '/dev/null' };
  const stop = watchPeak(root);
  const r = await $({
    env,
    quiet: true,
  })`${path.join(repo, 'scripts/migrate')} ${args} --use-zypper-dup --migration-system ${image} --pull never --keep-image --yes`.nothrow();
  const peakMiB = stop();
  if (r.exitCode !== 0)
    throw new Error(`scripts/migrate ${args.join(' ')} failed (${r.exitCode}); log in ${root}/var/log: ${r.stderr.slice(-2000)}`);
  return { peakMiB };
}

/** The container alone, as the shim starts it (without the shim's own checks, log following and initrd): `IMAGE run`. */
async function containerRun(root) {
  const r = await $`podman ${podmanRun(root, ['-v', `${root}/var/log:/var/log`])} ${image} run --use-zypper-dup`.nothrow();
  if (r.exitCode !== 0) throw new Error(`podman run ${image} run failed (${r.exitCode}): ${r.stderr.slice(-2000)}`);
}

async function checkCommand() {
  const r = await $`podman run --rm ${image} --help`.nothrow();
  return /^\s+check\b/m.test(r.stdout);
}

async function dmsCheck(root) {
  const r = await $`podman ${podmanRun(root, ['-v', `${root}/var/log:/var/log`])} ${image} check --use-zypper-dup`.nothrow();
  return r.exitCode;
}

const failures = [];
const rootsDir = `/var/tmp/dms-bench-${process.pid}`;
let rootCount = 0;

/** A fresh copy of the template root pointing at `url`; removed after `fn`. A failed measurement is recorded, not fatal. */
async function withRoot(bed, url, fn) {
  // Roots of the bench live in their own directory, away from other programs' temporary files.
  const root = await makeSystemRoot({ template: bed.template, targetRepoUrl: url, dir: path.join(rootsDir, `root-${++rootCount}`) });
  try {
    return await fn(root);
  } catch (err) {
    failures.push({ installed: bed.installed, error: String(err.message ?? err).slice(0, 3000) });
    say(`FAILED (recorded, continuing): ${String(err.message ?? err).split('\n')[0]}`);
    return { ms: NaN };
  } finally {
    await removeSystemRoot(root);
  }
}

// ---------------------------------------------------------------- main

const t0 = Date.now();
say(`image ${image}; sizes ${sizes.join(', ')}; payload ${payloadKiB} KiB per package; HTTP limit ${limitMBps} MB/s`);
await setupHost();
await buildImage();
const bundleBytes = (await stat(path.join(repo, 'dist/entrypoint.mjs'))).size;
const hasCheck = scenarios.has('preflight') && (await checkCommand());
const result = {
  date: new Date().toISOString(),
  image,
  payloadKiB,
  limitMBps,
  bundleBytes,
  hasCheck,
  machine: { cpus: (await $`nproc`).stdout.trim(), load: (await readFile('/proc/loadavg', 'utf8')).trim() },
  sizes: {},
};
const outFile = path.join(path.resolve(repo, opt.out), `${result.date.replace(/[:.]/g, '-')}.json`);
const startups = [];
const peaks = [];

for (const size of sizes) {
  say(`== ${size} packages: building or reusing the repositories and the template root`);
  const bed = await ensureScaledBed({ packages: size, payloadKiB });
  const fast = await serveDirectory(bed.sles15);
  const slow = await serveDirectory(bed.sles15, { bytesPerSecond: limitMBps * 1e6 });
  const m = {
    bare: [],
    migrate: [],
    container: [],
    dryRun: [],
    check: [],
    checkExit: [],
    bareHttp: [],
    migrateHttp: [],
    unstagedDownload: [],
    unstagedInstall: [],
    stage: [],
    stagedWindow: [],
    stagedRun: [],
    stagedBeforeInstall: [],
    stagedInstall: [],
    preflightInRun: [],
    view: [],
    dryRunInRun: [],
    plan: [],
    lateChecks: [],
    reportWrite: [],
  };
  try {
    for (let run = 1; run <= runsFor(size); run++) {
      say(`${size} packages, run ${run}/${runsFor(size)}`);
      if (scenarios.has('migrate')) {
        m.bare.push((await withRoot(bed, fast.url, (root) => timed(() => bareZypper(root)))).ms);
        // The figure of the issue's small-root target: the container's `run` against bare zypper, both under podman.
        if (size < 1000) m.container.push((await withRoot(bed, fast.url, (root) => timed(() => containerRun(root)))).ms);
        await withRoot(bed, fast.url, async (root) => {
          const { ms, result: r } = await timed(() => shim(root));
          const f = await runFigures(root);
          m.migrate.push(ms);
          if (f.startupMs !== undefined) startups.push(f.startupMs);
          for (const [key, value] of [
            ['preflightInRun', f.preflightMs],
            ['view', f.viewMs],
            ['dryRunInRun', f.dryRunMs],
            ['plan', f.planMs],
            ['lateChecks', f.lateChecksMs],
            ['reportWrite', f.reportMs],
          ])
            if (value !== undefined) m[key].push(value);
          if (r.peakMiB !== undefined) peaks.push(r.peakMiB);
        });
      }
      if (scenarios.has('preflight')) {
        m.dryRun.push((await withRoot(bed, fast.url, (root) => timed(() => bareZypper(root, ['--dry-run'])))).ms);
        if (hasCheck) {
          await withRoot(bed, fast.url, async (root) => {
            const { ms, result: code } = await timed(() => dmsCheck(root));
            m.check.push(ms);
            m.checkExit.push(code);
          });
        }
      }
      if (scenarios.has('staging')) {
        m.bareHttp.push((await withRoot(bed, slow.url, (root) => timed(() => bareZypper(root)))).ms);
        await withRoot(bed, slow.url, async (root) => {
          m.migrateHttp.push((await timed(() => shim(root))).ms);
          const f = await runFigures(root);
          if (f.beforeInstallMs !== undefined) m.unstagedDownload.push(f.beforeInstallMs);
          if (f.installMs !== undefined) m.unstagedInstall.push(f.installMs);
        });
        await withRoot(bed, slow.url, async (root) => {
          m.stage.push((await timed(() => shim(root, ['--stage']))).ms);
          const { ms } = await timed(() => shim(root));
          const f = await runFigures(root);
          m.stagedRun.push(ms);
          if (f.windowMs !== undefined) m.stagedWindow.push(f.windowMs);
          if (f.beforeInstallMs !== undefined) m.stagedBeforeInstall.push(f.beforeInstallMs);
          if (f.installMs !== undefined) m.stagedInstall.push(f.installMs);
        });
      }
    }
  } finally {
    await fast.close();
    await slow.close();
  }
  result.sizes[size] = Object.fromEntries(
    Object.entries(m)
      .map(([k, v]) => [k, stats(v)])
      .filter(([, v]) => v),
  );
  await report();
}
await rm(rootsDir, { recursive: true, force: true });
console.log(`\n${result.table}\n`);
say(`results: ${outFile} (${result.durationS} s)`);

// ---------------------------------------------------------------- report

/** Builds the table from what is measured so far and writes the JSON (after every size: a later failure loses nothing). */
async function report() {
  result.startupMs = stats(startups);
  result.peakMiB = stats(peaks);
  result.table = renderTable(result);
  result.failures = failures;
  result.durationS = Math.round((Date.now() - t0) / 1000);
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * The Markdown table of a result (also `npm run bench -- --table FILE` for a stored one). Ratios are of medians,
 * with the ratio of the minima (the runs least disturbed by other load on the machine) in brackets.
 */
function renderTable(res) {
  const s = (ms) => (ms / 1000).toFixed(1);
  const msFig = (st) => (st ? `${st.median.toFixed(0)} ms` : 'n/a');
  const fig = (st) => (st ? `${s(st.median)} s (${s(st.min)}-${s(st.max)})` : 'n/a');
  const verdict = (r, max) => (r === undefined ? '' : r <= max ? 'met' : 'MISSED');
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);
  row('figure', 'packages', 'median (min-max)', 'bare zypper', 'ratio (of minima)', 'target (on medians)');
  row('---', '---', '---', '---', '---', '---');
  res.ratios = {};
  for (const [size, m] of Object.entries(res.sizes)) {
    const big = Number(size) >= 500;
    const r = (k, a, b) => {
      if (!a || !b) return { text: '-' };
      const x = a.median / b.median;
      const low = a.min / b.min;
      res.ratios[`${k}@${size}`] = { median: x, minima: low };
      return { x, text: `${x.toFixed(3)} (${low.toFixed(3)})` };
    };
    if (m.migrate) {
      const q = r('migration/bare', m.migrate, m.bare);
      const over = (a) => (a && m.bare ? (a.median - m.bare.median) / 1000 : undefined);
      const plus = (x) => (x === undefined ? '' : `, ${x >= 0 ? '+' : ''}${x.toFixed(2)} s`);
      row(
        'migration (shim, loopback HTTP)',
        size,
        fig(m.migrate),
        fig(m.bare),
        `${q.text}${plus(over(m.migrate))}`,
        big ? `<= 1.05 ${verdict(q.x, 1.05)}` : '-',
      );
      if (m.container) {
        // Small roots: the fixed cost in seconds counts (the issue's figure: the container alone, not the shim).
        const c = r('container-run/bare', m.container, m.bare);
        const overS = over(m.container);
        if (overS !== undefined) res.ratios[`container-run-overhead-s@${size}`] = overS;
        row(
          '  the container alone (`podman run IMAGE run`)',
          size,
          fig(m.container),
          fig(m.bare),
          `${c.text}${plus(overS)}`,
          Number(size) <= 30 ? `<= +0.25 s ${verdict(overS, 0.25)}` : '-',
        );
      }
      row(
        '  pre-flight in the run: all / view mounts / dry run / checks after the plan',
        size,
        [m.preflightInRun, m.view, m.dryRunInRun, m.lateChecks].map(msFig).join(' / '),
        '',
        '',
        '',
      );
      row('  report written at the end of the run', size, msFig(m.reportWrite), '', '', '');
    }
    if (m.dryRun) {
      const q = res.hasCheck ? r('check/dry-run', m.check, m.dryRun) : { text: '-' };
      row(
        'pre-flight `dms check`',
        size,
        res.hasCheck ? fig(m.check) : 'n/a (no check command)',
        `${fig(m.dryRun)} dry run`,
        q.text,
        res.hasCheck && Number(size) >= 50 ? `<= 1.2 ${verdict(q.x, 1.2)}` : '-',
      );
    }
    if (m.migrateHttp) {
      // A ratio against bare zypper over the same limited link, with its target on 500 packages and more.
      const against = (label, key, value, max) => {
        const q = r(key, value, m.bareHttp);
        row(label, size, fig(value), fig(m.bareHttp), q.text, big ? `<= ${max.toFixed(2)} ${verdict(q.x, max)}` : '-');
      };
      against(`migration without staging (${res.limitMBps} MB/s)`, 'unstaged/bare-http', m.migrateHttp, 1.05);
      against(`window after staging (${res.limitMBps} MB/s)`, 'staged-window/bare-http', m.stagedWindow, 0.6);
      row('  staging itself (host keeps running)', size, fig(m.stage), '', '', '');
      row('  staged run, whole shim', size, fig(m.stagedRun), fig(m.bareHttp), r('staged-run/bare-http', m.stagedRun, m.bareHttp).text, '');
      row('  unstaged zypper dup: solve + download / install', size, `${fig(m.unstagedDownload)} / ${fig(m.unstagedInstall)}`, '', '', '');
      row(
        '  staged zypper dup: solve + cache check / install',
        size,
        `${fig(m.stagedBeforeInstall)} / ${fig(m.stagedInstall)}`,
        '',
        '',
        '',
      );
    }
  }
  const ms = (st) => (st ? `${st.median.toFixed(0)} ms (${st.min.toFixed(0)}-${st.max.toFixed(0)})` : 'n/a');
  const mb = (st) => (st ? `${st.median.toFixed(1)} MiB (${st.min.toFixed(1)}-${st.max.toFixed(1)})` : 'n/a');
  row(
    'entrypoint start: process start to first log line',
    'all',
    ms(res.startupMs),
    '',
    '',
    `< 100 ms ${verdict(res.startupMs?.median, 100)}`,
  );
  row(
    'bundle dist/entrypoint.mjs',
    '',
    `${(res.bundleBytes / 1024).toFixed(0)} KiB`,
    '',
    '',
    `< 1.5 MB ${verdict(res.bundleBytes, 1.5e6)}`,
  );
  row('peak memory (VmHWM) of the entrypoint', 'all', mb(res.peakMiB), '', '', `< 100 MB ${verdict(res.peakMiB?.max, 100e6 / 2 ** 20)}`);
  return rows.join('\n');
}
