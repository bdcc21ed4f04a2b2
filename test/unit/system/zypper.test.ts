import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeZypperExit, dupArgv, migrationArgv, stageArgv, zypperSucceeded } from '../../../entrypoint/system/zypper.js';

test('0 and codes of 100 and above are success, except 104, 105 and 106', () => {
  for (const code of [0, 100, 101, 102, 103, 107, 108, 255]) assert.ok(zypperSucceeded(code), `${code}`);
  for (const code of [1, 2, 3, 4, 5, 6, 7, 8, 99, 104, 105, 106]) assert.not.ok(zypperSucceeded(code), `${code}`);
});

test('exit codes are described for people', () => {
  assert.is(describeZypperExit(106), 'exit code 106 (some repositories could not be refreshed and were skipped)');
  assert.is(describeZypperExit(42), 'exit code 42 (unknown)');
});

test('dup mode runs zypper dup on the system root with the original flags', () => {
  assert.equal(dupArgv('/system-root'), [
    'zypper',
    '--no-cd',
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--root',
    '/system-root',
    'dup',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--replacefiles',
    '--allow-downgrade',
  ]);
});

test('staging runs the same dup with --download-only instead of --download in-advance', () => {
  assert.equal(stageArgv('/system-root'), [
    'zypper',
    '--no-cd',
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--root',
    '/system-root',
    'dup',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download-only',
    '--replacefiles',
    '--allow-downgrade',
  ]);
});

test('plugin mode passes the product, verbosity and the solver switch', () => {
  const argv = migrationArgv({ systemRoot: '/system-root', product: 'SLES/15.7/x86_64', verbose: true, debugSolver: true });
  assert.equal(argv.slice(0, 4), ['zypper', 'migration', '--verbose', '--debug-solver']);
  assert.equal(argv.slice(-4), ['--product', 'SLES/15.7/x86_64', '--root', '/system-root']);
  const quiet = migrationArgv({ systemRoot: '/r', product: 'SLES/16.0/x86_64', verbose: false, debugSolver: false });
  assert.is(quiet[2], '--no-verbose');
  assert.not.ok(quiet.includes('--debug-solver'));
  assert.ok(quiet.includes('--strict-errors-dist-migration'));
});

test.run();
