// What the loader's notes become per command: `config` prints them and which layer set each key, `check` prints
// them, `run` logs them (events config.yaml-1.1 and config.debug-ignored) and a file's debug never reaches the run.
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerPaths } from '../../../entrypoint/paths.js';
import { SLES_PROD } from '../../helpers/check-root.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { treeHash } from '../../helpers/host-root.js';

const HOST_CONFIG = 'debug: yes\nuse_zypper_migration: off\n';

/** A SLES 15 SP7 host that is a container (an inhibitor: `run` stops at its pre-flight gate), with `config` as its host file. */
async function host(config: string): Promise<{ p: ContainerPaths; file: string }> {
  const p = await cliPaths();
  await mkdir(path.join(p.systemRoot, 'etc/products.d'), { recursive: true });
  await mkdir(path.join(p.systemRoot, 'run'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'etc/products.d/SLES.prod'), SLES_PROD());
  await writeFile(path.join(p.systemRoot, 'etc/os-release'), 'NAME="SLES"\nVERSION_ID="15.7"\n');
  await writeFile(path.join(p.systemRoot, 'run/.containerenv'), '');
  await writeFile(p.imageOsRelease, 'NAME="SLES"\nVERSION_ID="16.0"\n');
  const file = path.join(p.systemRoot, 'etc/sle-migration-service.yml');
  await writeFile(file, config);
  return { p, file };
}

const cleanup = (p: ContainerPaths) => rm(path.dirname(p.systemRoot), { recursive: true, force: true });

test('config prints the notes, then the configuration with the layer that set each key; debug stays false; nothing written', async () => {
  const { p, file } = await host(HOST_CONFIG);
  const before = await treeHash(p.systemRoot);
  const r = await capture(['config'], p);
  assert.is(r.code, 0, r.err);
  assert.is(await treeHash(p.systemRoot), before, 'config changes nothing on the host, not even a log');
  const lines = r.out.split('\n');
  assert.is(lines[0], `# sources: ${file}`);
  assert.is(
    lines[1],
    `# note: ${file} uses YAML 1.1 forms, read as SUSE's DMS (PyYAML) reads them: debug: yes (true), use_zypper_migration: off (false)`,
  );
  assert.is(
    lines[2],
    `# note: debug: true in ${file} is ignored: a run holds for debugging only when that run is started with --debug (migrate --debug)`,
  );
  assert.ok(lines.includes('debug: false'), r.out);
  assert.ok(lines.includes(`use_zypper_migration: false # ${file}`), r.out);
  const asked = await capture(['config', '--debug'], p);
  assert.ok(asked.out.split('\n').includes('debug: true # command line'), asked.out);
  assert.not.match(asked.out, /is ignored/);
  await cleanup(p);
});

test("a host file behind an absolute link is read inside the host root (never the container's file of that name)", async () => {
  const { p, file } = await host('');
  await rm(file);
  await mkdir(path.join(p.systemRoot, 'etc/dms'), { recursive: true });
  await writeFile(path.join(p.systemRoot, 'etc/dms/migration.yml'), 'use_zypper_migration: false\n');
  await symlink('/etc/dms/migration.yml', file);
  const r = await capture(['config'], p);
  assert.is(r.code, 0, r.err);
  assert.ok(r.out.split('\n').includes(`use_zypper_migration: false # ${path.join(p.systemRoot, 'etc/dms/migration.yml')}`), r.out);
  await cleanup(p);
});

test('check prints the notes after the report summary', async () => {
  const { p, file } = await host(HOST_CONFIG);
  const r = await capture(['check'], p);
  assert.is(r.code, 1, r.out + r.err);
  assert.match(
    r.out,
    new RegExp(
      `\\nnote: ${file.replace(/[.]/g, '\\.')} uses YAML 1\\.1 forms, .*: debug: yes \\(true\\), use_zypper_migration: off \\(false\\)\\n`,
    ),
  );
  assert.match(r.out, /\nnote: debug: true in .* is ignored: /);
  await cleanup(p);
});

test('run reads debug: yes and use_zypper_migration: off (no exit 2), logs the notes once, and runs without debug', async () => {
  const { p, file } = await host(HOST_CONFIG);
  const r = await capture(['run'], p);
  assert.is(r.code, 1, `stopped by the pre-flight gate (a container host), not by the configuration: ${r.err}`);
  const records = (await readFile(path.join(p.systemRoot, 'var/log/distro_migration.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; level: number; msg: string; [field: string]: unknown });
  const config = records.filter((e) => e.event === 'config');
  assert.is(config.length, 1);
  assert.equal(config[0]?.setBy, { use_zypper_migration: file });
  assert.match(config[0]?.msg ?? '', /\ndebug: false\n/);
  const yaml11 = records.filter((e) => e.event === 'config.yaml-1.1');
  assert.equal(
    yaml11.map(({ level, file, forms }) => ({ level, file, forms })),
    [{ level: 30, file, forms: ['debug: yes (true)', 'use_zypper_migration: off (false)'] }],
  );
  const ignored = records.filter((e) => e.event === 'config.debug-ignored');
  assert.equal(
    ignored.map(({ level, file }) => ({ level, file })),
    [{ level: 40, file }],
  );
  const report = JSON.parse(await readFile(path.join(p.systemRoot, 'var/log/distro_migration.report.json'), 'utf8')) as {
    facts: { mode: string };
  };
  assert.is(report.facts.mode, 'dup', 'use_zypper_migration: off took effect');
  await cleanup(p);
});

test('a duplicate key in the host file stops run with one line naming the file, the key and both lines (exit 2)', async () => {
  const { p, file } = await host('use_zypper_migration: false\ndebug: false\nuse_zypper_migration: true\n');
  const r = await capture(['run'], p);
  assert.is(r.code, 2);
  assert.is(
    r.err,
    `dms: config error in ${file}: YAML syntax error at line 3, column 1: duplicate key "use_zypper_migration" (also at line 1): keep one of them\n`,
  );
  await cleanup(p);
});

test.run();
