// Shell-style globs as anchored regular expressions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { globToRegExp } from '../../../entrypoint/system/glob.js';

test('* matches any run, ? one character, everything else literally, anchored at both ends', () => {
  assert.ok(globToRegExp('SLE*Migration').test('SLES_SAP16-Migration'));
  assert.ok(globToRegExp('*.conf').test('50-root.conf'));
  assert.not.ok(globToRegExp('*.conf').test('50-root.conf.bak'));
  assert.ok(globToRegExp('sshd_config.?').test('sshd_config.1'));
  assert.not.ok(globToRegExp('a.b').test('axb'), 'a dot is literal');
  assert.not.ok(globToRegExp('(x)+').test('xx'), 'regex syntax is literal');
  assert.ok(globToRegExp('(x)+').test('(x)+'));
});

test.run();
