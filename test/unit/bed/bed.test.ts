// Self-test of the test bed: repositories, a system root, and the static HTTP server.
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ensureRepos } from '../../bed/repos.js';
import { serveDirectory } from '../../bed/repo-server.js';
import { makeSystemRoot, removeSystemRoot, TARGET_REPO_FILE, TARGET_REPO_FILE_16 } from '../../bed/system-root.js';
import { USER_EDIT } from '../../bed/template-root.js';
import { installedPackages } from '../../bed/zypper.js';

const URL_15 = 'http://127.0.0.1:1/sles15/';

test('ensureRepos builds the three rpm-md repositories', async () => {
  const repos = await ensureRepos();
  for (const dir of [repos.sles12, repos.sles15, repos.sles16]) {
    assert.ok(path.isAbsolute(dir));
    await access(path.join(dir, 'repodata', 'repomd.xml'));
  }
  const rpms = async (dir: string) => (await readdir(path.join(dir, 'noarch'))).join(' ');
  assert.match(await rpms(repos.sles12), /python-demo-2\.7/);
  assert.match(await rpms(repos.sles12), /sles-release-12\.5-/);
  assert.match(await rpms(repos.sles15), /python3-demo-3\.6/);
  assert.match(await rpms(repos.sles15), /sles-release-15\.7-/);
  assert.match(await rpms(repos.sles16), /sles-release-16\.0-160000/);
  assert.match(await rpms(repos.sles16), /NetworkManager-config-server-/);
  assert.match(await rpms(repos.sles16), /patterns-base-selinux-16\.0-/);
  const t = performance.now();
  assert.equal(await ensureRepos(), repos);
  assert.ok(performance.now() - t < 100, 'second call is cached');
});

test('makeSystemRoot gives an installed SLES 12 SP5 root', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: URL_15 });
  try {
    const pkgs = await installedPackages(root);
    for (const p of ['sles-release-12.5-', 'busybox-', 'python-demo-2.7.18-', 'libfoo1-1.2.0-', 'kernel-default-4.12.14-']) {
      assert.ok(
        pkgs.some((x) => x.startsWith(p)),
        `${p} installed: ${pkgs.join(' ')}`,
      );
    }
    const at = (p: string) => readFile(path.join(root, p), 'utf8');
    assert.match(await at('etc/os-release'), /^VERSION_ID="12\.5"$/m);
    assert.match(await at('etc/products.d/SLES.prod'), /<target>sle-12-[a-z0-9_]+<\/target>/);
    assert.match(await at('etc/products.d/baseproduct'), /<name>SLES<\/name>/);
    assert.match(await at('etc/products.d/sle-module-web-scripting.prod'), /<flavor>module<\/flavor>/);
    assert.match(await at(TARGET_REPO_FILE), new RegExp(`^baseurl=${URL_15}$`, 'm'));
    assert.equal(await readdir(path.join(root, 'etc/zypp/repos.d')), ['SLES15-SP7.repo']);
    assert.match(await at('etc/hosts'), /^127\.0\.0\.1\s+localhost$/m);
    assert.match(await at('etc/issue'), /SUSE Linux Enterprise Server 12 SP5/);
    assert.ok(await at('etc/demo.conf').then((s) => s.endsWith(USER_EDIT)));
    assert.match(await at('var/lib/demo-scriptlets.log'), /^post demo-config 1\.0 1$/m);
    assert.ok((await stat(path.join(root, 'usr/lib/zypp/plugins/services'))).isDirectory());
    assert.ok((await stat(path.join(root, 'var/lib/rpm/rpmdb.sqlite'))).isFile());
    assert.equal((await stat(root)).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(root, 'bin/sh'))).isFile(), true);
  } finally {
    await removeSystemRoot(root);
  }
  assert.not.ok(
    await access(root).then(
      () => true,
      () => false,
    ),
  );
});

test('makeSystemRoot with release 15.7 gives an installed SLES 15 SP7 root with wicked and the SLE 16 migration packages', async () => {
  const url16 = 'http://127.0.0.1:1/sles16/';
  const root = await makeSystemRoot({ targetRepoUrl: url16, release: '15.7' });
  try {
    const pkgs = await installedPackages(root);
    for (const p of [
      'sles-release-15.7-',
      'wicked-0.6.77-',
      'wicked-service-',
      'sysconfig-netconfig-',
      'SLES16-Migration-',
      'suse-migration-sle16-activation-',
      'venv-salt-minion-',
      'python3-demo-',
    ]) {
      assert.ok(
        pkgs.some((x) => x.startsWith(p)),
        `${p} installed: ${pkgs.join(' ')}`,
      );
    }
    assert.not.ok(
      pkgs.some((x) => x.startsWith('NetworkManager')),
      'no NetworkManager before the migration',
    );
    const at = (p: string) => readFile(path.join(root, p), 'utf8');
    assert.match(await at('etc/os-release'), /^VERSION_ID="15\.7"$/m);
    assert.match(await at('etc/issue'), /SUSE Linux Enterprise Server 15 SP7/);
    assert.equal(await readdir(path.join(root, 'etc/zypp/repos.d')), ['SLES16.repo']);
    assert.match(await at(TARGET_REPO_FILE_16), new RegExp(`^baseurl=${url16}$`, 'm'));
  } finally {
    await removeSystemRoot(root);
  }
});

test('makeSystemRoot is fast once cached and honours dir', async () => {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'dms-bed-test-'));
  try {
    const t = performance.now();
    const root = await makeSystemRoot({ targetRepoUrl: URL_15, dir: path.join(parent, 'root') });
    assert.ok(performance.now() - t < 1000, 'copy of the template takes well under a second');
    assert.is(root, path.join(parent, 'root'));
    await mkdir(path.join(parent, 'full'));
    await writeFile(path.join(parent, 'full', 'x'), '');
    try {
      await makeSystemRoot({ targetRepoUrl: URL_15, dir: path.join(parent, 'full') });
      assert.unreachable('non-empty dir accepted');
    } catch (err) {
      assert.match(String(err), /not empty/);
    }
  } finally {
    await removeSystemRoot(parent);
  }
});

test('removeSystemRoot refuses dangerous paths', async () => {
  for (const p of ['/', os.tmpdir(), os.homedir()]) {
    try {
      await removeSystemRoot(p);
      assert.unreachable(`removed ${p}`);
    } catch (err) {
      assert.match(String(err), /refusing/);
    }
  }
});

test('serveDirectory serves files, HEAD, 404 and no traversal', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-bed-serve-'));
  await mkdir(path.join(dir, 'sub'));
  await writeFile(path.join(dir, 'sub', 'a.xml'), '<a/>');
  const served = await serveDirectory(dir);
  try {
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const get = await fetch(`${served.url}sub/a.xml`);
    assert.is(get.status, 200);
    assert.is(get.headers.get('content-length'), '4');
    assert.is(await get.text(), '<a/>');
    const head = await fetch(`${served.url}sub/a.xml`, { method: 'HEAD' });
    assert.is(head.status, 200);
    assert.is(head.headers.get('content-length'), '4');
    assert.is((await fetch(`${served.url}sub/missing`)).status, 404);
    assert.is((await fetch(`${served.url}sub`)).status, 404);
    assert.is((await fetch(`${served.url}%2e%2e/%2e%2e/etc/passwd`)).status, 404);
    assert.is((await fetch(`${served.url}sub/..%2f..%2f..%2fetc%2fpasswd`)).status, 404);
    assert.is((await fetch(`${served.url}sub/a.xml`, { method: 'POST' })).status, 405);
  } finally {
    await served.close();
    await removeSystemRoot(dir);
  }
});

test('serveDirectory with a bandwidth limit delivers every byte of large and parallel responses', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-bed-paced-'));
  const data = randomBytes(300 * 1024);
  await writeFile(path.join(dir, 'payload.bin'), data);
  const served = await serveDirectory(dir, { bytesPerSecond: 20 * 1024 * 1024 });
  try {
    const bodies = await Promise.all([1, 2, 3].map(async () => Buffer.from(await (await fetch(`${served.url}payload.bin`)).arrayBuffer())));
    for (const body of bodies) assert.ok(body.equals(data), 'the paced response is the file, byte for byte');
  } finally {
    await served.close();
    await removeSystemRoot(dir);
  }
});

test.run();
