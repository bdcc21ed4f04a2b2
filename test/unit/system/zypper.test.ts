// zypper's exit codes, and every zypper command line of the program held against the original's flags.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  describePluginExit,
  describeZypperExit,
  dupArgv,
  installArgv,
  migrationArgv,
  pluginHint,
  refreshArgv,
  removeArgv,
  zypperSucceeded,
} from '../../../entrypoint/system/zypper.js';

test('0 and codes of 100 and above are success, except 104, 105 and 106', () => {
  for (const code of [0, 100, 101, 102, 103, 107, 108, 255]) assert.ok(zypperSucceeded(code), `${code}`);
  for (const code of [1, 2, 3, 4, 5, 6, 7, 8, 99, 104, 105, 106]) assert.not.ok(zypperSucceeded(code), `${code}`);
});

test('exit codes are described for people', () => {
  assert.is(describeZypperExit(106), 'exit code 106 (some repositories could not be refreshed and were skipped)');
  assert.is(describeZypperExit(42), 'exit code 42 (unknown)');
});

test('dup mode runs zypper dup on the system root with the original flags, and --xmlout for its progress', () => {
  const argv = dupArgv('/system-root');
  // The original's test_main_zypper_dup, word for word, but for --xmlout: a deliberate difference (docs/parity.md).
  assert.is(
    argv.filter((a) => a !== '--xmlout').join(' '),
    'zypper --no-cd --non-interactive --gpg-auto-import-keys --root /system-root dup --auto-agree-with-licenses --allow-vendor-change --download in-advance --replacefiles --allow-downgrade',
  );
  assert.ok(argv.indexOf('--xmlout') > 0 && argv.indexOf('--xmlout') < argv.indexOf('dup'), 'a global option');
});

test('staging runs the same dup with --download-only instead of --download in-advance', () => {
  assert.is(
    dupArgv('/system-root', { download: 'only' }).join(' '),
    'zypper --no-cd --non-interactive --gpg-auto-import-keys --xmlout --root /system-root dup --auto-agree-with-licenses --allow-vendor-change --download-only --replacefiles --allow-downgrade',
  );
});

test('plugin mode passes the product, verbosity and the solver switch', () => {
  const argv = migrationArgv({ systemRoot: '/system-root', product: 'SLES/15.7/x86_64', verbose: true, debugSolver: true });
  assert.equal(argv.slice(0, 4), ['zypper', 'migration', '--verbose', '--debug-solver']);
  assert.equal(argv.slice(-4), ['--product', 'SLES/15.7/x86_64', '--root', '/system-root']);
  // The original's test_main_zypper_migration_plugin, word for word.
  assert.is(
    migrationArgv({ systemRoot: '/system-root', product: 'SLES/15.7/x86_64', verbose: false, debugSolver: false }).join(' '),
    'zypper migration --no-verbose --non-interactive --gpg-auto-import-keys --no-selfupdate --auto-agree-with-licenses --allow-vendor-change --download in-advance --strict-errors-dist-migration --replacefiles --product SLES/15.7/x86_64 --root /system-root',
  );
  const quiet = migrationArgv({ systemRoot: '/r', product: 'SLES/16.0/x86_64', verbose: false, debugSolver: false });
  assert.is(quiet[2], '--no-verbose');
  assert.not.ok(quiet.includes('--debug-solver'));
  assert.ok(quiet.includes('--strict-errors-dist-migration'));
});

test('the dry run of the plan is the same dup with XML output, --dry-run and no key checks (it installs nothing)', () => {
  assert.is(
    dupArgv('/v', { download: 'dry-run' }).join(' '),
    'zypper --no-cd --non-interactive --no-gpg-checks --xmlout --root /v dup --auto-agree-with-licenses --allow-vendor-change --dry-run --replacefiles --allow-downgrade',
  );
  // Every run flag but the download mode is the dry run's too: the plan asks about the upgrade that will run.
  const fromDup = (argv: string[]) => argv.slice(argv.indexOf('dup'));
  const run = fromDup(dupArgv('/v')).filter((a) => a !== '--download' && a !== 'in-advance');
  const dry = fromDup(dupArgv('/v', { download: 'dry-run' })).filter((a) => a !== '--dry-run');
  assert.equal(dry, run);
});

test('with staged packages and unreachable repositories the upgrade runs with --no-refresh, a global option', () => {
  const argv = dupArgv('/system-root', { noRefresh: true });
  assert.ok(argv.indexOf('--no-refresh') < argv.indexOf('dup'));
  assert.equal(
    argv.filter((a) => a !== '--no-refresh'),
    dupArgv('/system-root'),
  );
});

test("install, remove and refresh on the host root share the global flags; install has the original's flags (SPEC 5.7)", () => {
  const globals = ['zypper', '--no-cd', '--non-interactive', '--gpg-auto-import-keys', '--root', '/system-root'];
  const installFlags = [
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--replacefiles',
    '--allow-downgrade',
  ];
  // Zypper.install without extra_args: the flags, then the packages.
  assert.equal(installArgv('/system-root', ['a', 'b']), [...globals, 'install', ...installFlags, 'a', 'b']);
  // extra_args come between the flags and the packages, in the original's order.
  assert.equal(installArgv('/system-root', ['patterns-base-selinux'], { noRecommends: true }), [
    ...globals,
    'install',
    ...installFlags,
    '--no-recommends',
    'patterns-base-selinux',
  ]);
  assert.equal(installArgv('/system-root', ['venv-salt-minion'], { force: true }), [
    ...globals,
    'install',
    ...installFlags,
    '--force',
    'venv-salt-minion',
  ]);
  assert.equal(removeArgv('/system-root', ['wicked', 'sysconfig-netconfig'], { cleanDeps: true }), [
    ...globals,
    'remove',
    '--clean-deps',
    'wicked',
    'sysconfig-netconfig',
  ]);
  assert.equal(refreshArgv('/system-root'), [...globals, 'refresh']);
});

test("install is the original's Zypper.install: with system_root word for word, with chroot the same without --root", () => {
  // zypper_test.py::test_zypper_install_system_root: Zypper.install('package', system_root='/root') runs zypper with
  const withSystemRoot = ['--no-cd', '--non-interactive', '--gpg-auto-import-keys', '--root', '/root', 'install'];
  const flags = ['--auto-agree-with-licenses', '--allow-vendor-change', '--download', 'in-advance', '--replacefiles', '--allow-downgrade'];
  assert.equal(installArgv('/root', ['package']), ['zypper', ...withSystemRoot, ...flags, 'package']);
  // zypper_test.py::test_zypper_install: chroot='root' and extra_args before the packages; the units use the chroot form,
  // we use --root (parity: deliberate), so ours is the chroot form plus `--root <root>` before `install`.
  const chrootForm = ['--no-cd', '--non-interactive', '--gpg-auto-import-keys', 'install', ...flags, '--force', 'venv-salt-minion'];
  const ours = installArgv('/system-root', ['venv-salt-minion'], { force: true });
  assert.equal(ours.slice(0, 4), ['zypper', ...chrootForm.slice(0, 3)]);
  assert.equal(ours.slice(4, 6), ['--root', '/system-root']);
  assert.equal(ours.slice(6), chrootForm.slice(3));
});

test("zypper migration exit codes are the plugin's own (connect-ng migration.go: 1 failure after rollback, 2 dist-upgrade commit error without rollback), not zypper's", () => {
  assert.match(describePluginExit(1), /^exit code 1 \(the migration plugin failed; .*rolled .* back/);
  assert.match(
    describePluginExit(2),
    /^exit code 2 \(zypper dist-upgrade failed while installing packages and the plugin did not roll back/,
  );
  assert.is(describePluginExit(0), describeZypperExit(0));
  assert.match(pluginHint(2), /snapshot or backup/);
  assert.not.match(pluginHint(1), /syntax/);
});

test.run();
