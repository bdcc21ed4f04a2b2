// The files' YAML dialect: PyYAML's YAML 1.1 booleans and merge keys (noted), nothing else of 1.1, duplicate keys refused in one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseLayer } from '../../../entrypoint/config/load.js';
import { parseConfigYaml } from '../../../entrypoint/config/yaml.js';
import { ConfigError } from '../../../entrypoint/errors.js';

const BOOLEAN_KEYS = [
  'debug',
  'soft_reboot',
  'use_zypper_migration',
  'verbose_migration',
  'build_host_independent_initrd',
  'pre_checks_fix',
  'debug_solver',
] as const;

// PyYAML's resolver (yaml/resolver.py, tag:yaml.org,2002:bool), as the original reads /etc/sle-migration-service.yml;
// every value below was checked against PyYAML 6.0.3's safe_load.
const PYYAML_TRUE = ['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const PYYAML_FALSE = ['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];
const YAML12 = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function refusal(text: string): string {
  try {
    parseLayer('x.yml', text);
  } catch (err) {
    assert.instance(err, ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(text)}`);
}

test('every PyYAML boolean word is a boolean for every boolean key; the 1.1-only ones are listed, with the key and what they mean', () => {
  for (const key of BOOLEAN_KEYS) {
    for (const [words, value] of [
      [PYYAML_TRUE, true],
      [PYYAML_FALSE, false],
    ] as const) {
      for (const word of words) {
        const { layer, yaml11 } = parseLayer('x.yml', `${key}: ${word}\n`);
        assert.equal(layer, { [key]: value }, `${key}: ${word}`);
        assert.equal(yaml11, YAML12.has(word) ? [] : [`${key}: ${word} (${value})`], `${key}: ${word}`);
      }
    }
  }
  const nested = parseLayer('x.yml', 'network:\n  wicked2nm-continue-migration: Yes\n');
  assert.equal(nested.layer, { network: { 'wicked2nm-continue-migration': true } });
  assert.equal(nested.yaml11, ['network.wicked2nm-continue-migration: Yes (true)']);
});

test('what PyYAML does not read as a boolean is still refused for a boolean key: y, n, 1, 0, null, quoted or mixed-case words', () => {
  for (const word of ['y', 'Y', 'n', 'N', '1', '0', '~', 'null', '"yes"', "'on'", 'yEs', 'oN', 'enabled', '']) {
    for (const key of ['debug', 'use_zypper_migration']) {
      assert.match(refusal(`${key}: ${word}\n`), new RegExp(`^config error in x\\.yml: ${key}: `), `${key}: ${word}`);
    }
  }
  assert.match(refusal('network:\n  wicked2nm-continue-migration: y\n'), /network\.wicked2nm-continue-migration: /);
});

test('a %YAML 1.1 directive changes nothing: y is still a string', () => {
  assert.match(refusal('%YAML 1.1\n---\ndebug: y\n'), /debug: /);
  assert.equal(parseLayer('x.yml', '%YAML 1.1\n---\ndebug: on\n').layer, { debug: true });
});

test('an explicit !!bool takes any case of the six words, like PyYAML; anything else is a syntax error', () => {
  assert.equal(parseLayer('x.yml', 'debug: !!bool yEs\nsoft_reboot: !!bool "OFF"\n').layer, { debug: true, soft_reboot: false });
  assert.match(refusal('debug: !!bool y\n'), /^config error in x\.yml: YAML syntax error at line 1, column \d+: .*"y" is not a boolean/);
});

test('merge keys (<<) work as in PyYAML and are listed as a YAML 1.1 form', () => {
  const { layer, yaml11 } = parseLayer('x.yml', 'preserve:\n  <<: {rules: [/etc/a]}\n  static: [/etc/b]\n');
  assert.equal(layer, { preserve: { rules: ['/etc/a'], static: ['/etc/b'] } });
  assert.equal(yaml11, ['preserve.<< (merge key)']);
});

test('1.1 booleans inside a preserve list are listed with their index (the list is accepted as the original accepts it)', () => {
  const { layer, yaml11 } = parseLayer('x.yml', 'preserve:\n  rules:\n    - /etc/a\n    - on\n');
  assert.equal(layer, { preserve: { rules: ['/etc/a', true] } });
  assert.equal(yaml11, ['preserve.rules.1: on (true)']);
});

test('numbers and dates stay YAML 1.2: 0600 is 600 seconds, 30:00 and 1_800 are no numbers, an unquoted date stays a date string', () => {
  assert.equal(parseLayer('x.yml', 'plan_timeout: 0600\n'), { layer: { plan_timeout: 600 }, yaml11: [] });
  assert.match(refusal('plan_timeout: 30:00\n'), /plan_timeout: must be a number of seconds/);
  assert.match(refusal('plan_timeout: 1_800\n'), /plan_timeout: must be a number of seconds/);
  const { layer } = parseLayer('x.yml', 'waivers:\n  - {id: third-party, reason: known, expires: 2026-12-31}\n');
  assert.equal(layer?.waivers, [{ id: 'third-party', reason: 'known', expires: '2026-12-31' }]);
});

test('a file of YAML 1.2 booleans has no YAML 1.1 forms', () => {
  assert.equal(parseConfigYaml('x.yml', 'debug: false\nnetwork:\n  wicked2nm-continue-migration: TRUE\n').yaml11, []);
});

test('a duplicate key is refused in one line naming the file, the key, its line and the line of the first one', () => {
  assert.is(
    refusal('debug: false\nverbose_migration: true\ndebug: true\n'),
    'config error in x.yml: YAML syntax error at line 3, column 1: duplicate key "debug" (also at line 1): keep one of them',
  );
  assert.is(
    refusal('network:\n  wicked2nm-continue-migration: true\n  wicked2nm-continue-migration: off\n'),
    'config error in x.yml: YAML syntax error at line 3, column 3: duplicate key "network.wicked2nm-continue-migration" (also at line 2): keep one of them',
  );
  assert.match(refusal('preserve: {rules: [a], rules: [b]}\n'), /duplicate key "preserve\.rules" \(also at line 1\)/);
});

test.run();
