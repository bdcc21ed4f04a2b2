// zypper's --xmlout read as it comes: the oracle is the machine's real zypper, the same upgrade run once with text
// output (read by the plugin mode's text parser) and once with --xmlout, on twin synthetic roots.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Exec, type OutputItem } from '../../../entrypoint/system/exec.js';
import { dupArgv } from '../../../entrypoint/system/zypper.js';
import { parseZypperProgress, type ZypperProgress } from '../../../entrypoint/system/zypper-progress.js';
import { ZypperXmlOutput } from '../../../entrypoint/system/zypper-xml-output.js';
import { ensureRepos } from '../../bed/repos.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { bedEnv } from '../../bed/rpm-env.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { zypper } from '../../bed/zypper.js';
import { REPO_ROOT } from '../../bed/paths.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/zypper');

/** Runs zypper with the migration's dup command line on `root`; `text` drops --xmlout (zypper's human output). */
async function dup(root: string, options: { download?: 'only'; text?: boolean } = {}): Promise<string> {
  const argv = dupArgv(root, options.download ? { download: options.download } : {}).filter((a) => !(options.text && a === '--xmlout'));
  const r = await execa(argv[0]!, argv.slice(1), { env: await bedEnv(root), reject: false });
  assert.is(r.exitCode, 0, `${argv.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Feeds `xml` to a reader in chunks of `size` characters, as a pipe would hand it over. */
function readInChunks(xml: string, size: number): { reader: ZypperXmlOutput; items: OutputItem[] } {
  const reader = new ZypperXmlOutput();
  const items: OutputItem[] = [];
  for (let at = 0; at < xml.length; at += size) items.push(...reader.write(xml.slice(at, at + size)));
  items.push(...reader.end());
  return { reader, items };
}

const progressOf = (items: OutputItem[]): ZypperProgress[] => items.flatMap((i) => ('progress' in i ? [i.progress] : []));
const linesOf = (items: OutputItem[]): string[] => items.flatMap((i) => ('line' in i ? [i.line] : []));
const textProgress = (text: string): ZypperProgress[] => text.split('\n').flatMap((l) => parseZypperProgress(l) ?? []);
type Step = Extract<ZypperProgress, { done: number }>;
/** The download, install or removal records of one phase. */
const steps = (records: ZypperProgress[], phase: Step['phase']): Step[] => records.filter((p): p is Step => p.phase === phase);

/** Drops one package file from a root's zypp package cache; returns its name without .rpm. */
async function dropFromCache(root: string, prefix: string): Promise<string> {
  const cache = path.join(root, 'var/cache/zypp/packages');
  for (const entry of await readdir(cache, { recursive: true })) {
    if (path.basename(entry).startsWith(prefix) && entry.endsWith('.rpm')) {
      await rm(path.join(cache, entry));
      return path.basename(entry, '.rpm');
    }
  }
  throw new Error(`no ${prefix}* in ${cache}`);
}

test('the real upgrade gives the same plan, downloads and installs from --xmlout elements as from zypper text', async () => {
  const served = await serveDirectory(path.dirname((await ensureRepos()).sles15));
  const roots = await Promise.all([0, 1].map(() => makeSystemRoot({ targetRepoUrl: `${served.url}sles15/` })));
  try {
    const text = await dup(roots[0]!, { text: true });
    const xml = await dup(roots[1]!);
    assert.match(xml, /^<\?xml/, 'the migration asks zypper for XML');
    const { reader, items } = readInChunks(xml, 61);
    const fromXml = progressOf(items);
    const fromText = textProgress(text);
    for (const phase of ['plan', 'download', 'install', 'remove'] as const) {
      assert.equal(
        fromXml.filter((p) => p.phase === phase),
        fromText.filter((p) => p.phase === phase),
        `${phase} records differ`,
      );
    }
    const installs = fromXml.filter((p) => p.phase === 'install');
    assert.ok(installs.length >= 10, `installs read: ${installs.length}`);
    assert.equal(installs.at(-1), { ...installs.at(-1)!, done: installs.length, total: installs.length, percent: 100 });
    assert.equal(fromXml[0], { phase: 'plan', upgrade: 15, downgrade: 0, install: 3, remove: 1 });
    // The log keeps what a person reads: zypper's messages and a line per package.
    const lines = linesOf(items);
    assert.ok(lines.includes('Computing distribution upgrade...'), lines.join('\n'));
    assert.ok(lines.some((l) => /^\(\s*1\/\d+\) Installing: filesystem-15\.7-/.test(l)));
    assert.ok(lines.some((l) => /^Retrieving package busybox-1\.35\.0-150700\.3\.1\.\w+ \(\s*\d+\/\d+\)/.test(l)));
    // The download size is the size of the package files zypper fetched (the bed's builds vary by a few bytes).
    const repo = (await ensureRepos()).sles15;
    const sizes = await Promise.all(
      reader.downloaded.map(async (p) => (await stat(path.join(repo, p.slice(p.lastIndexOf('.') + 1), `${p}.rpm`))).size),
    );
    assert.is(reader.downloaded.length, 18);
    assert.is(
      reader.summary?.downloadBytes,
      sizes.reduce((a, b) => a + b, 0),
    );
    assert.ok(
      lines.includes(`15 packages to upgrade, 0 to downgrade, 3 new, 1 to remove; download size ${reader.summary?.downloadBytes} bytes`),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.startsWith('to remove (') && l.includes('python-demo') && l.includes('product:SLES')));
    assert.ok(lines.includes('Continue? (y): y'), 'the summary question and the answer zypper took');
    assert.ok(lines.some((l) => l.startsWith('without support information from their vendor (')));
    assert.not.ok(
      lines.some((l) => l.includes('<')),
      'no XML in the human log',
    );
    // A removal (the upgrade's obsoletes go with their installs; zypper reports a plain removal on its own).
    const removeText = await zypper(roots[0]!, ['remove', 'demo-config', 'foo-tools']);
    const removeXml = readInChunks(String((await zypper(roots[1]!, ['--xmlout', 'remove', 'demo-config', 'foo-tools'])).stdout), 13);
    const removals = steps(progressOf(removeXml.items), 'remove');
    assert.equal(removals, steps(textProgress(String(removeText.stdout)), 'remove'));
    assert.ok(removals.length >= 2, `removals read: ${removals.length}`);
    assert.equal(
      removals.map((p) => [p.done, p.total]),
      removals.map((_, i) => [i + 1, removals.length]),
    );
  } finally {
    await served.close();
    for (const root of roots) await removeSystemRoot(root);
  }
});

test('after staging, the packages taken from the cache and those downloaded are those zypper names in text', async () => {
  const served = await serveDirectory(path.dirname((await ensureRepos()).sles15));
  const roots = await Promise.all([0, 1].map(() => makeSystemRoot({ targetRepoUrl: `${served.url}sles15/` })));
  try {
    const dropped: string[] = [];
    for (const root of roots) {
      await dup(root, { download: 'only' });
      dropped.push(await dropFromCache(root, 'timezone-'));
    }
    const text = await dup(roots[0]!, { text: true });
    const { reader, items } = readInChunks(await dup(roots[1]!), 4096);
    const inCache = [...text.matchAll(/^In cache (\S+)\.rpm \(/gm)].map((m) => m[1]!);
    const retrieved = [...text.matchAll(/^Retrieving package (\S+) \(/gm)].map((m) => m[1]!);
    assert.equal(retrieved, [dropped[0]!], text);
    assert.equal(reader.downloaded, [dropped[1]!]);
    assert.equal(reader.fromCache().sort(), inCache.sort());
    assert.ok(inCache.length >= 10, `${inCache.length} in cache`);
    // n of N counts every package, cached ones too: the one download is not "1/1".
    const download = steps(progressOf(items), 'download');
    assert.equal(download, steps(textProgress(text), 'download'));
    assert.is(download.length, 1);
    assert.is(download[0]!.total, inCache.length + 1);
  } finally {
    await served.close();
    for (const root of roots) await removeSystemRoot(root);
  }
});

test('a solver problem is logged as text, without progress; the summary lines are missing when zypper stops before it', async () => {
  const xml = await readFile(path.join(FIXTURES, 'dup-solver-problem.xml'), 'utf8');
  for (const size of [1, 7, xml.length]) {
    const { reader, items } = readInChunks(xml, size);
    assert.equal(progressOf(items), []);
    const lines = linesOf(items);
    assert.ok(lines[3]?.startsWith('Problem: legacy-agent-3.1-1.noarch requires sles-release < 15'), lines.join('\n'));
    assert.match(lines[3]!, /\n Solution 2: remove lock to allow removal of legacy-agent-3\.1-1\.noarch/);
    assert.is(lines[4], 'Choose from above solutions by number or cancel (c): c', 'non-interactive: the default answer');
    assert.is(reader.summary, undefined);
  }
});

test('output that is not XML is logged as it is, from where it stops being XML: nothing is lost, nothing throws', () => {
  const { items } = readInChunks('Unknown option --xmlout\nsecond line\nlast', 5);
  const lines = linesOf(items);
  assert.match(lines[0]!, /^\(zypper's XML output could not be read on: .*; its output follows as it is\)$/);
  assert.equal(lines.slice(1), ['Unknown option --xmlout', 'second line', 'last']);
  // A raw '<' in the middle (a scriptlet writing to zypper's output): what came before is read, the rest kept as text.
  const broken = readInChunks(
    '<?xml version="1.0"?>\n<stream>\n<message type="info">Loading repository data...</message>\nscript says a < b & c\n<message type="info">after</message>\n</stream>\n',
    4096,
  );
  const brokenLines = linesOf(broken.items);
  assert.is(brokenLines[0], 'Loading repository data...');
  assert.ok(brokenLines.some((l) => l.includes('could not be read')));
  assert.ok(brokenLines.includes('<message type="info">after</message>'), brokenLines.join('\n'));
  // Text between elements (a patch script's output) is a line of its own; output cut short says so.
  const cut = readInChunks(
    '<?xml version="1.0"?>\n<stream>\nRunning: script.sh  (patch, /dir)\n<message type="info">Loading repository data...</message>\n<progress id="install',
    3,
  );
  assert.equal(linesOf(cut.items).slice(0, 2), ['Running: script.sh  (patch, /dir)', 'Loading repository data...']);
  assert.match(linesOf(cut.items).at(-1)!, /^\(zypper's XML output ended early: /);
});

test('scriptlet output with control characters (an ANSI colour, a bell) stays XML: the run is read to the end', () => {
  const xml =
    '<?xml version="1.0"?>\n<stream>\n<message type="info">Additional rpm output:\n\x1b[1mwarning\x1b[0m: done\x07</message>\n' +
    '<progress id="install-resolvable" name="(1/1) Installing: pkg-1-1.noarch"/>\n</stream>\n';
  const { reader, items } = readInChunks(xml, 16);
  assert.ok(reader.complete);
  assert.equal(linesOf(items), ['Additional rpm output:\n\uFFFD[1mwarning\uFFFD[0m: done\uFFFD', '(1/1) Installing: pkg-1-1.noarch']);
  assert.equal(
    progressOf(items).map((p) => p.phase),
    ['install'],
  );
});

test('after a parse error the log goes on as raw text from the line where it broke, once; the reader says it is incomplete', () => {
  const head = '<?xml version="1.0"?>\n<stream>\n<message type="info">Loading repository data...</message>\n';
  const { reader, items } = readInChunks(`${head}a < b\n<message type="info">after</message>\n</stream>\n`, 4096);
  const lines = linesOf(items);
  assert.not.ok(reader.complete);
  assert.is(lines.filter((l) => l === 'Loading repository data...').length, 1, lines.join('\n'));
  assert.equal(lines.slice(-3), ['a < b', '<message type="info">after</message>', '</stream>']);
});

test("the packages from the cache are the summary's installs not downloaded: epochs dropped, URL names decoded, an arch change once", () => {
  const xml = [
    '<?xml version="1.0"?>',
    '<stream>',
    '<install-summary download-size="10" space-usage-diff="0" packages-to-change="3">',
    '<to-upgrade>',
    '<solvable type="package" name="foo" edition="1:2.0-1.1" arch="x86_64" edition-old="1:1.0-1.1" arch-old="x86_64"/>',
    '<solvable type="package" name="lib+plus" edition="2-1" arch="x86_64" edition-old="1-1" arch-old="i586"/>',
    '</to-upgrade>',
    '<to-change-arch>',
    '<solvable type="package" name="lib+plus" edition="2-1" arch="x86_64"/>',
    '<solvable type="package" name="bar" edition="3-1" arch="noarch"/>',
    '</to-change-arch>',
    '</install-summary>',
    '<message type="info">Retrieving package foo-2.0-1.1.x86_64 (1/3), 1 KiB</message>',
    '<download url="http://r/x86_64/foo-2.0-1.1.x86_64.rpm" done="1"/>',
    '<message type="info">Retrieving package lib+plus-2-1.x86_64 (2/3), 1 KiB</message>',
    '<download url="http://r/x86_64/lib%2Bplus-2-1.x86_64.rpm?ssl_verify=no" done="1"/>',
    '</stream>',
  ].join('\n');
  const { reader, items } = readInChunks(xml, 50);
  assert.ok(reader.complete);
  assert.equal(reader.summary?.installs, ['foo-2.0-1.1.x86_64', 'lib+plus-2-1.x86_64', 'bar-3-1.noarch']);
  assert.equal(reader.downloaded, ['foo-2.0-1.1.x86_64', 'lib+plus-2-1.x86_64']);
  assert.equal(reader.fromCache(), ['bar-3-1.noarch']);
  assert.ok(linesOf(items).includes('changing architecture (2): lib+plus bar'));
  assert.equal(
    progressOf(items)
      .filter((p) => p.phase === 'download')
      .map((p) => ('item' in p ? `${p.item} ${p.done}/${p.total}` : '')),
    ['foo-2.0-1.1.x86_64 1/3', 'lib+plus-2-1.x86_64 2/3'],
  );
});

test('exec streams stdout through the reader: lines and progress land in the log as they come, characters split between chunks stay whole', async () => {
  const records: Array<{ event?: string; msg: string; phase?: string; item?: string }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  const xml =
    '<?xml version="1.0"?>\n<stream>\n<message type="info">Größe: übrig</message>\n' +
    '<progress id="install-resolvable" name="(1/1) Installing: pkg-1-1.noarch"/>\n' +
    '<progress id="install-resolvable" name="(1/1) Installing: pkg-1-1.noarch" done="1"/>\n</stream>\n';
  // One byte at a time through a real pipe: a two-byte character is always split.
  const script =
    'const b=Buffer.from(process.argv[1]);let i=0;const t=setInterval(()=>{process.stdout.write(b.subarray(i,i+1));if(++i>=b.length)clearInterval(t)},0)';
  const reader = new ZypperXmlOutput();
  const result = await new Exec(log).run([process.execPath, '-e', script, xml], { stream: true, stdoutReader: reader });
  assert.ok(result.ok);
  assert.is(result.stdout, '', 'read through the reader, the output is not kept whole in memory as well');
  const output = records.filter((r) => r.event === 'cmd.output').map((r) => r.msg);
  assert.equal(output, ['Größe: übrig', '(1/1) Installing: pkg-1-1.noarch']);
  const progress = records.filter((r) => r.event === 'progress');
  assert.equal(
    progress.map((r) => [r.phase, r.item]),
    [['install', 'pkg-1-1.noarch']],
  );
});

test.run();
