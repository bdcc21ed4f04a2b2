// The original's configuration tests (migration_config_test.py) restated on its own test data: same results, or the deliberate differences.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ConfigSources, loadConfig, parseLayer } from '../../../entrypoint/config/load.js';
import { mergeLayers } from '../../../entrypoint/config/merge.js';
import { ConfigError } from '../../../entrypoint/errors.js';

const DATA = path.resolve('test/fixtures/config/original');
const at = (name: string) => path.join(DATA, name);
const DROPINS = at('migration-config.d');
const missing = '/nonexistent/dms-test';

/** The original's setup: its base file, its drop-ins, and a host file (its `custom-migration-config*.yml`). */
function sources(hostFile: string, dropinDir = DROPINS): ConfigSources {
  return { imageFile: at('migration-config.yml'), dropinDir, hostFile };
}

async function refused(hostFile: string): Promise<string> {
  try {
    await loadConfig(sources(hostFile));
  } catch (err) {
    assert.instance(err, ConfigError);
    return (err as Error).message;
  }
  throw new Error(`${hostFile} was accepted`);
}

/** The original's test data in the order it reads them: base, drop-ins by name, the host file. */
const ORIGINAL_ORDER = [
  'migration-config.yml',
  'migration-config.d/10-enable-wicked2nm-continue-migration.yml',
  'migration-config.d/10-s390.yml',
  'migration-config.d/20-migration-config-duplicates.yml',
  'migration-config.d/50-disable-wicked2nm-continue-migration.yml',
  'custom-migration-config.yml',
];

test('without a host file: zypper migration requested, no debug, no host-independent initrd, pre-checks fix on', async () => {
  const { config } = await loadConfig(sources(missing));
  assert.is(config.use_zypper_migration, true);
  assert.is(config.debug, false);
  assert.is(config.build_host_independent_initrd, false);
  assert.is(config.pre_checks_fix, true);
});

test('files are read in the original order: base, drop-ins by name (.yml only, no subdirectory), host file last', async () => {
  const { applied } = await loadConfig(sources(at('custom-migration-config.yml')));
  assert.equal(
    applied.map((file) => path.relative(DATA, file)),
    ORIGINAL_ORDER,
  );
});

test('merged result: later scalars win, lists appended without repeats, the host file adds its product', async () => {
  const { config, setBy } = await loadConfig(sources(at('custom-migration-config.yml')));
  assert.is(config.network['wicked2nm-continue-migration'], false, '50-disable overrides 10-enable');
  assert.equal(config.preserve.rules, [
    '/etc/udev/rules.d/*.rules',
    '/etc/udev/rules.d/*qeth*.rules',
    '/etc/udev/rules.d/*-cio-ignore*.rules',
  ]);
  assert.equal(config.preserve.sysctl, ['/etc/sysctl.conf']);
  assert.equal(config.preserve.static, ['/etc/sysconfig/proxy']);
  assert.is(config.soft_reboot, true);
  assert.is(config.migration_product, 'SLES/15.3/x86_64');
  assert.is(setBy.migration_product, at('custom-migration-config.yml'));
});

test("deliberate: the host file's debug: true does not hold the run (the original's shim reset it every run); a note says so", async () => {
  const host = at('custom-migration-config.yml');
  const { config, setBy, notes } = await loadConfig(sources(host));
  assert.is(config.debug, false);
  assert.is(setBy.debug, undefined);
  assert.equal(notes, [{ kind: 'debug-ignored', source: host }]);
  const asked = await loadConfig({ ...sources(host), overrides: { debug: true } });
  assert.is(asked.config.debug, true);
  assert.is(asked.setBy.debug, 'command line');
  assert.equal(asked.notes, []);
});

test("the layers merged in the original's order keep its key order: preserve, soft_reboot, network, debug, migration_product", async () => {
  const files = ORIGINAL_ORDER;
  let merged: Record<string, unknown> = {};
  for (const file of files) {
    const { layer } = parseLayer(file, await readFile(at(file), 'utf8'));
    if (layer) merged = mergeLayers(merged, layer);
  }
  assert.equal(Object.keys(merged), ['preserve', 'soft_reboot', 'network', 'debug', 'migration_product']);
});

test('an empty host file and a comments-only one are fine and change nothing', async () => {
  const { config: base } = await loadConfig(sources(missing));
  for (const name of ['custom-migration-config-empty.yml', 'custom-migration-config-just-comments.yml']) {
    const { config, applied } = await loadConfig(sources(at(name)));
    assert.equal(config, base, name);
    assert.not.ok(applied.includes(at(name)), `${name} contributes nothing`);
  }
});

test('a host file that is a plain string is refused, naming the file', async () => {
  const file = at('custom-migration-config-corrupt-string.yml');
  assert.is(
    await refused(file),
    `config error in ${file}: the document is a string ("name:value_but_missing_whitespace_after), not a mapping of settings`,
  );
});

test('a host file that is no YAML is refused, naming the file and the line', async () => {
  const file = at('custom-migration-config-corrupt-mess.yml');
  assert.match(
    await refused(file),
    new RegExp(`^config error in ${file.replace(/[.]/g, '\\.')}: YAML syntax error at line 2, column \\d+: `),
  );
});

test('a host file against the schema is refused, naming each offending key (debug, preserve, this_key) in one line', async () => {
  const message = await refused(at('custom-migration-config-violates-schema.yml'));
  assert.match(message, /debug: Invalid input: expected boolean/);
  assert.match(message, /preserve: must be a mapping/);
  assert.match(message, /this_key/);
  assert.not.ok(message.includes('\n'));
});

test('a missing drop-in directory is no error: the base file alone applies', async () => {
  const { applied, config } = await loadConfig(sources(missing, at('DOES_NOT_EXISTS')));
  assert.equal(applied, [at('migration-config.yml')]);
  assert.is(config.soft_reboot, true);
});

test.run();
