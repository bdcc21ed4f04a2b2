// The image manifest (system/image-manifest.ts) is complete against the code and covered by image/Containerfile's packages.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTAINER_PATHS } from '../../../entrypoint/paths.js';
import { UPDATESMTCACHE } from '../../../entrypoint/steps/prepare/cloud.js';
import { NM_SERVER_CONF } from '../../../entrypoint/steps/setup-host-network.js';
import { HOST_ROOT_PROGRAMS, IMAGE_PATHS, IMAGE_PROGRAMS } from '../../../entrypoint/system/image-manifest.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const STANDINS = path.join(REPO, 'test/standins');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}
const CODE = sources(path.join(REPO, 'entrypoint'))
  .filter((f) => !f.endsWith('image-manifest.ts'))
  .map((f) => ({ file: path.relative(REPO, f), text: readFileSync(f, 'utf8') }));

/**
 * Words that start an array literal in the code and are no program (states, zypper arguments,
 * names): a new first word must be added either here or to the manifest.
 */
const NOT_PROGRAMS = new Set<string>([
  'cx16',
  'colord',
  'multiversion.kernels',
  'wicked2nm-continue-migration',
  'facts',
  'yes',
  'config', // log event names (log/format.ts)
  'no',
  'name',
  'arch',
  'SLES',
  'running',
  'dup',
  'state',
  'inhibitor',
  'succeeded',
  'stdout',
  'plan',
  'SIGTERM',
  'download-size',
  'space-usage-diff',
  'method',
  'waived',
  'kind',
  'passed',
  'dup-dry-run',
  'check',
  'ready',
  'configured',
  'result',
  'steps',
  'ENOSPC',
  'patterns-base-selinux',
  'venv-salt-minion',
  'upgrade',
  'write',
  'action',
  'proc',
  'http_proxy',
  'Packages',
  'get-config',
  'create',
  'to-upgrade', // zypper's --xmlout list names (system/zypper-xml-output.ts)
  // A host path looked at, not run: the ha-cluster check's test for crmsh on the host.
  '/usr/sbin/crm',
]);

/** What the code could run: the first string of every array literal, programs looked up by name, absolute paths of bin directories. */
function candidates(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (name: string, file: string) => {
    if (!found.has(name)) found.set(name, file);
  };
  for (const { file, text } of CODE) {
    for (const m of text.matchAll(/\[\s*'([A-Za-z][\w.+-]*)'\s*[,\]]/g)) add(m[1]!, file);
    for (const m of text.matchAll(/findProgram\('([^']+)'/g)) add(m[1]!, file);
    for (const m of text.matchAll(/'(\/(?:usr\/)?s?bin\/[\w.+-]+)'/g)) add(m[1]!, file);
  }
  return found;
}

test('every program the code names is in the manifest (image or host root), or listed as no program', () => {
  const known = new Set([...Object.keys(IMAGE_PROGRAMS), ...Object.keys(HOST_ROOT_PROGRAMS), ...NOT_PROGRAMS]);
  const unknown = [...candidates()].filter(([name]) => !known.has(name)).map(([name, file]) => `${name} (${file})`);
  assert.equal(unknown, [], 'add them to entrypoint/system/image-manifest.ts (or to NOT_PROGRAMS of this test)');
});
test('every program of the manifest is named in the code (a stale entry fails), unless it says what runs it', () => {
  const code = CODE.map((c) => c.text).join('\n');
  const stale = [...Object.entries(IMAGE_PROGRAMS), ...Object.entries(HOST_ROOT_PROGRAMS)]
    .filter(([name, need]) => !('via' in need && need.via) && !code.includes(`'${name}'`))
    .map(([name]) => name);
  assert.equal(stale, []);
});

test("the image paths the code reads are in the manifest: the container's configuration, os-release, plugins", () => {
  for (const p of [CONTAINER_PATHS.imageConfig, CONTAINER_PATHS.dropinDir, CONTAINER_PATHS.imageOsRelease, NM_SERVER_CONF]) {
    assert.ok(p in IMAGE_PATHS, p);
  }
  assert.ok(UPDATESMTCACHE in IMAGE_PROGRAMS, UPDATESMTCACHE);
});

/** The package names of the Containerfile's `zypper install` (all images) and of its SLE 16 addition. */
function containerfilePackages(): { all: string[]; sle16: string[] } {
  const text = readFileSync(path.join(REPO, 'image/Containerfile'), 'utf8').replace(/\\\n/g, ' ');
  const sle16 = [...text.matchAll(/sle16="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)).filter(Boolean);
  const install = /zypper --non-interactive install --no-recommends ([^;]*);/.exec(text)?.[1] ?? '';
  const all = install.split(/\s+/).filter((w) => w && !w.startsWith('$'));
  return { all, sle16 };
}

test('image/Containerfile installs the SUSE package of every program and path of the manifest that the BCI base lacks', () => {
  const { all, sle16 } = containerfilePackages();
  assert.ok(all.includes('suseconnect-ng') && sle16.includes('NetworkManager'), `parsed: ${all.join(' ')} | ${sle16.join(' ')}`);
  const uncovered = [...Object.entries(IMAGE_PROGRAMS), ...Object.entries(IMAGE_PATHS)]
    .filter(([, need]) => !need.onBase && !need.suse.startsWith('(the image recipe'))
    .filter(([, need]) => !(all.includes(need.suse) || (need.sle16 && sle16.includes(need.suse))))
    .map(([name, need]) => `${name}: ${need.suse}${need.sle16 ? ' (SLE 16)' : ''}`);
  assert.equal(uncovered, []);
});

test("the image recipe makes the manifest's own paths: the bundle, the configuration files, the plugin directory", () => {
  const text = readFileSync(path.join(REPO, 'image/Containerfile'), 'utf8');
  assert.match(text, /^COPY dist\/entrypoint\.mjs\* \/usr\/lib\/dms\/$/m);
  assert.match(text, /^COPY image\/files\/ \/$/m);
  assert.ok(existsSync(path.join(REPO, 'image/files/etc/migration-config.yml')));
  const mkdir = /mkdir -p ([^\n]*)/.exec(text)?.[1] ?? '';
  for (const dir of ['/etc/migration-config.d', '/usr/lib/zypp/plugins/services']) assert.ok(mkdir.split(/\s+/).includes(dir), dir);
});

test('every program or path the Debian test base lacks has its stand-in in test/standins', () => {
  for (const [name, need] of [...Object.entries(IMAGE_PROGRAMS), ...Object.entries(IMAGE_PATHS)]) {
    if (need.standIn) assert.ok(existsSync(path.join(STANDINS, need.standIn)), `${name}: test/standins/${need.standIn}`);
  }
});

test.run();
