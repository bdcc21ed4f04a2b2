// Configuration layers (image, drop-ins, host file, its drop-ins, options): order, validation, defaults, one-line errors.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostDropinDir, loadConfig, parseLayer } from '../../../entrypoint/config/load.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { ConfigError } from '../../../entrypoint/errors.js';

const FIXTURES = path.resolve('test/fixtures/config');
const missing = '/nonexistent/dms-test';

async function rejects(fn: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await fn();
  } catch (err) {
    assert.instance(err, ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

test('missing files everywhere give the defaults', async () => {
  const { config, applied } = await loadConfig({ imageFile: missing, dropinDir: missing, hostFile: missing });
  assert.equal(config, DEFAULTS);
  assert.equal(applied, []);
});

test('drop-ins are merged in name order, .yml files only, lists without duplicates, later scalars win', async () => {
  const { config, applied } = await loadConfig({ imageFile: missing, dropinDir: path.join(FIXTURES, 'dropins'), hostFile: missing });
  assert.equal(config.preserve.rules, [
    '/etc/udev/rules.d/*.rules',
    '/etc/udev/rules.d/*qeth*.rules',
    '/etc/udev/rules.d/*-cio-ignore*.rules',
  ]);
  assert.is(config.network['wicked2nm-continue-migration'], false);
  assert.is(config.debug, false, '99-ignored.conf and the subdirectory are not read');
  assert.equal(
    applied.map((f) => path.basename(f)),
    ['10-base.yml', '50-s390x.yml', '60-duplicate.yml'],
  );
});

test('the host file overrides the image, the command line overrides the host file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-config-'));
  const image = path.join(dir, 'image.yml');
  const host = path.join(dir, 'host.yml');
  await writeFile(image, 'use_zypper_migration: true\nverbose_migration: true\n');
  await writeFile(host, 'use_zypper_migration: true\nmigration_product: SLES/15.7/x86_64\n');
  const { config } = await loadConfig({ imageFile: image, dropinDir: missing, hostFile: host, overrides: { use_zypper_migration: false } });
  assert.is(config.use_zypper_migration, false);
  assert.is(config.verbose_migration, true);
  assert.is(config.migration_product, 'SLES/15.7/x86_64');
  assert.is(
    await readFile(host, 'utf8'),
    'use_zypper_migration: true\nmigration_product: SLES/15.7/x86_64\n',
    'the host file is not rewritten',
  );
});

test("the host file's drop-ins (<name>.d/*.yml) follow it in name order and are named in the sources", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-config-'));
  const host = path.join(dir, 'sle-migration-service.yml');
  await writeFile(host, 'verbose_migration: true\npreserve:\n  rules: [/etc/udev/rules.d/a.rules]\n');
  await mkdir(path.join(dir, 'sle-migration-service.d'));
  await writeFile(path.join(dir, 'sle-migration-service.d', '50-b.yml'), 'verbose_migration: false\n');
  await writeFile(path.join(dir, 'sle-migration-service.d', '10-a.yml'), 'preserve:\n  rules: [/etc/udev/rules.d/b.rules]\n');
  await writeFile(path.join(dir, 'sle-migration-service.d', '99-ignored.conf'), 'debug: true\n');
  const { config, applied } = await loadConfig({
    imageFile: missing,
    dropinDir: missing,
    hostFile: host,
    overrides: { debug_solver: true },
  });
  assert.equal(
    applied.map((f) => (f.startsWith(dir) ? path.relative(dir, f) : f)),
    ['sle-migration-service.yml', 'sle-migration-service.d/10-a.yml', 'sle-migration-service.d/50-b.yml', 'command line'],
  );
  assert.is(config.verbose_migration, false, 'a drop-in overrides the host file');
  assert.equal(config.preserve.rules, ['/etc/udev/rules.d/a.rules', '/etc/udev/rules.d/b.rules']);
  assert.is(config.debug, false, '.conf files are not read');
  assert.is(hostDropinDir('/system-root/etc/sle-migration-service.yml'), '/system-root/etc/sle-migration-service.d');
});

test('plan_timeout: 1800 s unless a file sets it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-config-'));
  const host = path.join(dir, 'sle-migration-service.yml');
  await writeFile(host, 'plan_timeout: 120\n');
  assert.is((await loadConfig({ imageFile: missing, dropinDir: missing, hostFile: host })).config.plan_timeout, 120);
  assert.is((await loadConfig({ imageFile: missing, dropinDir: missing, hostFile: missing })).config.plan_timeout, 1800);
});

test('empty and comments-only files are accepted without effect', async () => {
  for (const name of ['empty.yml', 'just-comments.yml']) {
    const { config, applied } = await loadConfig({ imageFile: missing, dropinDir: missing, hostFile: path.join(FIXTURES, name) });
    assert.equal(config, DEFAULTS);
    assert.equal(applied, []);
  }
});

test('a YAML syntax error names the file and the line', async () => {
  const file = path.join(FIXTURES, 'corrupt-mess.yml');
  const err = await rejects(() => loadConfig({ imageFile: missing, dropinDir: missing, hostFile: file }));
  assert.ok(err.message.startsWith(`config error in ${file}: YAML syntax error at line 2`), err.message);
  assert.not.ok(err.message.includes('\n'), 'one line');
});

test('a document that is a plain string is refused', async () => {
  const file = path.join(FIXTURES, 'corrupt-string.yml');
  const err = await rejects(() => loadConfig({ imageFile: missing, dropinDir: missing, hostFile: file }));
  assert.match(err.message, /not a mapping of settings/);
  assert.ok(err.message.includes(file));
});

test('schema violations name every offending key in one line', async () => {
  const file = path.join(FIXTURES, 'violates-schema.yml');
  const err = await rejects(() => loadConfig({ imageFile: file, dropinDir: missing, hostFile: missing }));
  assert.ok(err.message.startsWith(`config error in ${file}: `), err.message);
  assert.match(err.message, /debug: .*boolean/);
  assert.match(err.message, /preserve: must be a mapping/);
  assert.match(err.message, /not_a_key/);
  assert.not.ok(err.message.includes('\n'));
});

test('a bad product from the command line is refused as coming from the command line', async () => {
  const err = await rejects(() =>
    loadConfig({ imageFile: missing, dropinDir: missing, hostFile: missing, overrides: { migration_product: 'SLES/15.7' } }),
  );
  assert.match(err.message, /^config error in command line: migration_product: must look like NAME\/VERSION\/ARCH/);
});

test('duplicate keys are a syntax error', () => {
  assert.throws(() => parseLayer('x.yml', 'debug: true\ndebug: false\n'), /x\.yml: YAML syntax error/);
});

test('preserve lists follow the original schema: a list (not null), any items; a quoted "yes" is no boolean', () => {
  assert.throws(() => parseLayer('x.yml', 'preserve:\n  rules: /etc/a\n'), /preserve\.rules: must be a list/);
  assert.throws(() => parseLayer('x.yml', 'preserve:\n  sysctl: ~\n'), /preserve\.sysctl: must be a list/);
  assert.equal(parseLayer('x.yml', 'preserve:\n  static: [/etc/a, 1, ~, {path: /etc/b}]\n').layer, {
    preserve: { static: ['/etc/a', 1, null, { path: '/etc/b' }] },
  });
  assert.throws(() => parseLayer('x.yml', 'network:\n  wicked2nm-continue-migration: "yes"\n'), /network\.wicked2nm-continue-migration/);
});

async function hostOnly(text: string, overrides = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-config-'));
  const host = path.join(dir, 'sle-migration-service.yml');
  await writeFile(host, text);
  return { host, loaded: await loadConfig({ imageFile: missing, dropinDir: missing, hostFile: host, overrides }) };
}

test('debug: true in a file is validated, not honoured, and noted; only the command line sets debug', async () => {
  const { host, loaded } = await hostOnly('debug: true\nverbose_migration: true\n');
  assert.is(loaded.config.debug, false);
  assert.is(loaded.config.verbose_migration, true, 'the rest of the file applies');
  assert.equal(loaded.setBy, { verbose_migration: host });
  assert.equal(loaded.notes, [{ kind: 'debug-ignored', source: host }]);
  const asked = (await hostOnly('debug: true\n', { debug: true })).loaded;
  assert.is(asked.config.debug, true);
  assert.equal(asked.setBy, { debug: 'command line' });
  assert.equal(asked.notes, [], 'nothing to say when the run asked for debug');
  assert.equal((await hostOnly('debug: false\n')).loaded.notes, [], "debug: false (the original's shim wrote it) is quiet");
  assert.match((await rejects(() => hostOnly('debug: 1\n'))).message, /debug: /);
});

test('debug: true in the image file or a drop-in is ignored the same way, each file noted', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-config-'));
  const image = path.join(dir, 'migration-config.yml');
  await writeFile(image, 'debug: true\n');
  await mkdir(path.join(dir, 'd'));
  await writeFile(path.join(dir, 'd', '10-debug.yml'), 'debug: yes\n');
  const { config, notes, applied } = await loadConfig({ imageFile: image, dropinDir: path.join(dir, 'd'), hostFile: missing });
  assert.is(config.debug, false);
  assert.equal(applied, [image, path.join(dir, 'd', '10-debug.yml')]);
  assert.equal(notes, [
    { kind: 'yaml-1.1', source: path.join(dir, 'd', '10-debug.yml'), forms: ['debug: yes (true)'] },
    { kind: 'debug-ignored', source: image },
    { kind: 'debug-ignored', source: path.join(dir, 'd', '10-debug.yml') },
  ]);
});

test('YAML 1.1 booleans are read as the original reads them, with one note per file naming each key', async () => {
  const { host, loaded } = await hostOnly('use_zypper_migration: no\nverbose_migration: On\npre_checks_fix: true\n');
  assert.is(loaded.config.use_zypper_migration, false);
  assert.is(loaded.config.verbose_migration, true);
  assert.equal(loaded.notes, [
    { kind: 'yaml-1.1', source: host, forms: ['use_zypper_migration: no (false)', 'verbose_migration: On (true)'] },
  ]);
  assert.equal(loaded.setBy, { use_zypper_migration: host, verbose_migration: host, pre_checks_fix: host });
});

test.run();
