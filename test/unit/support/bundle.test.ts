// The support bundle from a synthetic root: logs, repositories, products, configuration and mounts, no secret.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerPaths } from '../../../entrypoint/paths.js';
import { writeSupportBundle } from '../../../entrypoint/support/bundle.js';
import { Exec } from '../../../entrypoint/system/exec.js';

/** Container paths of a test: the host root, and no image configuration. */
function bundlePaths(dir: string, root: string): ContainerPaths {
  return {
    systemRoot: root,
    ledger: path.join(dir, 'system-root.fstab'),
    imageConfig: path.join(dir, 'none.yml'),
    dropinDir: path.join(dir, 'none.d'),
    imageOsRelease: path.join(dir, 'os-release'),
  };
}

async function put(root: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

test('the bundle holds logs, repos, products, config and mounts, and no secret', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-bundle-test-'));
  const root = path.join(dir, 'root');
  await put(root, 'var/log/distro_migration.log', 'Calling: SUSEConnect --regcode ABCD-SECRET-1234\nstep failed\n');
  await put(root, 'etc/zypp/repos.d/SLES15.repo', '[SLES15]\nbaseurl=https://user:repopass@rmt.example.com/repo/\n');
  await put(root, 'etc/zypp/credentials.d/SCCcredentials', 'username=SCC_x\npassword=credsecret\n');
  await put(root, 'etc/sysconfig/proxy', 'PROXY_ENABLED="yes"\nHTTP_PROXY="http://bob:proxypass@proxy:3128"\n');
  await put(root, 'etc/products.d/SLES.prod', '<product><name>SLES</name></product>\n');
  await put(root, 'etc/sle-migration-service.yml', 'use_zypper_migration: false\n');
  const paths = bundlePaths(dir, root);
  const hostPath = await writeSupportBundle(
    paths,
    new Exec(pino({ level: 'silent' })),
    '# sources: x\nuse_zypper_migration: false\n',
    new Date('2026-11-25T07:00:00Z'),
  );
  assert.is(hostPath, '/var/log/distro_migration.support-20261125T070000Z.tar.gz');

  const out = path.join(dir, 'out');
  await mkdir(out);
  await execa('tar', ['-xzf', path.join(root, hostPath), '-C', out]);
  const base = path.join(out, 'distro_migration.support-20261125T070000Z');
  const manifest = JSON.parse(await readFile(path.join(base, 'manifest.json'), 'utf8')) as {
    included: string[];
    missing: string[];
    generated: string[];
  };
  assert.ok(manifest.included.includes('/var/log/distro_migration.log'));
  assert.ok(manifest.included.includes('/etc/zypp/repos.d/SLES15.repo'));
  assert.ok(manifest.included.includes('/etc/products.d/SLES.prod'));
  assert.ok(manifest.missing.includes('/var/lib/dms/journal.json'));
  assert.equal(manifest.generated, ['config.effective.yml', 'mounts.txt'], 'no rpm query without an rpm database');
  assert.match(await readFile(path.join(base, 'config.effective.yml'), 'utf8'), /use_zypper_migration: false/);

  const { stdout } = await execa('grep', ['-rl', '-e', 'ABCD-SECRET', '-e', 'repopass', '-e', 'credsecret', '-e', 'proxypass', base], {
    reject: false,
  });
  assert.is(stdout, '', `secrets found in: ${stdout}`);
  assert.match(await readFile(path.join(base, 'host/etc/sysconfig/proxy'), 'utf8'), /http:\/\/bob:\*\*\*@proxy:3128/);
});

test('a root with none of the collected files still gets its bundle, every file listed as missing', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-bundle-test-'));
  const root = path.join(dir, 'root');
  await mkdir(path.join(root, 'var/log'), { recursive: true });
  const paths = bundlePaths(dir, root);
  const hostPath = await writeSupportBundle(paths, new Exec(pino({ level: 'silent' })), '# defaults\n', new Date('2026-11-25T07:00:00Z'));
  const { stdout } = await execa('tar', ['-tzf', path.join(root, hostPath)]);
  assert.ok(stdout.split('\n').includes('distro_migration.support-20261125T070000Z/config.effective.yml'));
  assert.ok(stdout.split('\n').includes('distro_migration.support-20261125T070000Z/manifest.json'));
});

test('a log over 4 MiB is cut to its last 4 MiB and listed as truncated; /etc/zypp/credentials.d is never included', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-bundle-test-'));
  try {
    await bigLogBundle(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function bigLogBundle(dir: string): Promise<void> {
  const root = path.join(dir, 'root');
  const mib = 1024 * 1024;
  // 5 MiB of lines, the first MiB marked: only the last 4 MiB (unmarked) may be in the bundle.
  const head = 'EARLY LINE\n'.repeat(mib / 11 + 1).slice(0, mib);
  await put(root, 'var/log/distro_migration.log', `${head}${'late line\n'.repeat((4 * mib) / 10 - 1)}the last line\n`);
  await put(root, 'var/log/distro_migration.jsonl', '{"msg":"small"}\n');
  await put(root, 'etc/zypp/credentials.d/SCCcredentials', 'username=SCC_x\npassword=credsecret\n');
  await put(root, 'etc/zypp/zypp.conf', '[main]\n');
  const hostPath = await writeSupportBundle(
    bundlePaths(dir, root),
    new Exec(pino({ level: 'silent' })),
    '# defaults\n',
    new Date('2026-11-25T07:00:00Z'),
  );
  const out = path.join(dir, 'out');
  await mkdir(out);
  await execa('tar', ['-xzf', path.join(root, hostPath), '-C', out]);
  const base = path.join(out, 'distro_migration.support-20261125T070000Z');
  const manifest = JSON.parse(await readFile(path.join(base, 'manifest.json'), 'utf8')) as { included: string[]; truncated: string[] };
  assert.equal(manifest.truncated, ['/var/log/distro_migration.log']);
  const log = await readFile(path.join(base, 'host/var/log/distro_migration.log'), 'utf8');
  assert.is(log.length, 4 * mib);
  assert.ok(log.endsWith('the last line\n'));
  assert.not.match(log, /EARLY LINE/);
  assert.ok(manifest.included.includes('/etc/zypp/zypp.conf'));
  const { stdout } = await execa('tar', ['-tzf', path.join(root, hostPath)]);
  assert.not.match(stdout, /credentials/);
  assert.not.ok(manifest.included.some((p) => p.includes('credentials')));
}

test.run();
