// Image tests of migration-plugin mode (SPEC 5.6): the real image runs `zypper migration`, answered by
// the zypper-migration stand-in (written from connect-ng's plugin), which switches the registration on the SCC
// stand-in, adds the target's SCC service and upgrades with real zypper dist-upgrade.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { exists, mountsUnder, readText, rpmPackages, treeHash } from '../helpers/host-root.js';
import { ARCH, migrateWithStandins as migrate, pluginSuite, SOURCE, TARGET, TARGET_SERVICE } from '../helpers/plugin-bed.js';
import { runImage } from '../helpers/run-image.js';
import { goShapedTarget, readMigrationRecord, SCC_PASSWORD, SCC_USER } from '../standins/index.js';

const ISSUE_POINTER = 'Migration has failed, for further details see /var/log/distro_migration.log';

const test = pluginSuite('plugin mode (stand-ins: zypper migration plugin, SCC)');

test('a registered host is migrated by zypper migration (stand-in) to the detected product SLES/15.7/ARCH', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  const before = await rpmPackages(root);
  assert.ok(before.get('sles-release')?.startsWith('12.5'));
  const requestsBefore = bed!.scc.requests.length;

  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 0, output);

  // The host root changed: upgraded by the plugin's zypper dist-upgrade, from the repository of the target's SCC service.
  const after = await rpmPackages(root);
  assert.ok(after.get('sles-release')?.startsWith('15.7'), `sles-release ${after.get('sles-release')}`);
  assert.ok(after.has('python3-demo') && !after.has('python-demo'));
  assert.match(await readText(root, '/etc/os-release'), /VERSION_ID="15\.7"/);
  assert.match(
    await readText(root, `/etc/zypp/repos.d/${TARGET_SERVICE}:SLES-15.7-${ARCH}-Pool.repo`),
    new RegExp(`baseurl=${bed!.repoUrl}`),
  );
  assert.ok(await exists(root, `/etc/zypp/services.d/${TARGET_SERVICE}.service`));
  assert.equal(bed!.scc.activated(), [TARGET], 'SCC has the target activated');
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');

  // The plugin got the SPEC's flags, the detected product, the host root; SCC saw the host's credentials.
  const record = await readMigrationRecord(path.join(root, 'var/log'));
  assert.equal(record.argv, [
    '--no-verbose',
    '--non-interactive',
    '--gpg-auto-import-keys',
    '--no-selfupdate',
    '--auto-agree-with-licenses',
    '--allow-vendor-change',
    '--download',
    'in-advance',
    '--strict-errors-dist-migration',
    '--replacefiles',
    '--product',
    TARGET,
    '--root',
    '/system-root',
  ]);
  assert.is(record.env.ZYPP_SINGLE_RPMTRANS, '0');
  assert.is(record.env.ZYPP_NO_USRMERGE_PROTECT, '0');
  assert.match(
    record.seen.suseconnect ?? '',
    new RegExp(`url: ${bed!.scc.url}`),
    'prepare copied the host /etc/SUSEConnect into the container',
  );
  assert.ok(record.seen.zyppRepos !== null, 'the host /etc/zypp is bound over the container one');
  // The pre-flight asked first (migration-path check, plan), then the plugin as connect-ng does: activations,
  // offline migrations with the installed products, the product upgrade, activations again.
  const all = bed!.scc.requests.slice(requestsBefore).filter((r) => r.path.startsWith('/connect/'));
  const plugin = all.findIndex((r) => r.method === 'GET');
  assert.ok(plugin > 0, 'the pre-flight asked first');
  for (const r of all.slice(0, plugin)) assert.is(`${r.method} ${r.path}`, 'POST /connect/systems/products/offline_migrations');
  const requests = all.slice(plugin);
  assert.equal(
    requests.map((r) => `${r.method} ${r.path}`),
    [
      'GET /connect/systems/activations',
      'POST /connect/systems/products/offline_migrations',
      'PUT /connect/systems/products',
      'GET /connect/systems/activations',
    ],
  );
  for (const r of requests) assert.is(r.auth, `${SCC_USER}:${SCC_PASSWORD}`);
  const asked = requests[1]!.body as { installed_products: Array<{ identifier: string; version: string }>; target_base_product: unknown };
  assert.ok(asked.installed_products.some((p) => `${p.identifier}/${p.version}` === 'SLES/12.5'));
  assert.equal(asked.target_base_product, goShapedTarget('SLES', '15.7', ARCH));

  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /the host is registered \(SUSEConnect --list-extensions succeeded\)/);
  assert.match(log, /\[prepare\] \/etc\/resolv\.conf:/, 'network details are logged');
  assert.match(log, /the host's \/var\/log is mounted at \/var\/log: zypper writes the host's \/var\/log\/zypper\.log directly/);
  assert.match(log, new RegExp(`migration-plugin mode: target ${TARGET}`));
  assert.match(log, new RegExp(`Calling: zypper migration --no-verbose .* --product ${TARGET} --root /system-root`));
  assert.match(log, new RegExp(`Upgrading product SUSE Linux Enterprise Server 15 SP7 ${ARCH}`));
  assert.match(log, /Migration succeeded/);
  assert.equal(await mountsUnder(root), []);
});

test('the target repository cannot be refreshed: the plugin (stand-in) fails and rolls back the registration and the services as connect-ng does; packages unchanged, exit 1', async ({
  bed,
}) => {
  const root = await bed!.registeredRoot();
  const before = await rpmPackages(root);
  // The pre-flight passes (the server offers the path); the target's repository is down when the plugin refreshes it.
  bed!.setTargetRepo('http://127.0.0.1:9/down/');
  try {
    const { exitCode, output } = await migrate(root);
    assert.is(exitCode, 1, output);
  } finally {
    bed!.setTargetRepo(undefined);
  }
  assert.equal(await rpmPackages(root), before);
  // synchronize: the activations are the installed products again (the root's Web and Scripting Module 12 too).
  assert.equal(bed!.scc.activated(), [SOURCE, `sle-module-web-scripting/12/${ARCH}`], 'SCC has the source activated again');
  assert.ok(await exists(root, `/etc/zypp/services.d/SLES_12.5_${ARCH}.service`), 'the source service is back');
  assert.is(await exists(root, `/etc/zypp/services.d/${TARGET_SERVICE}.service`), false);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(
    log,
    /Refresh of repositories failed: command '\/usr\/bin\/zypper --root \/system-root --releasever 15\.7 --gpg-auto-import-keys ref -f' failed/,
  );
  assert.match(log, /Migration failed\./);
  assert.match(log, /Performing repository rollback\.\.\./);
  assert.match(log, /Rollback successful\./);
  assert.match(
    log,
    /upgrade failed: Migration failed with: zypper migration exit code 1 \(the migration plugin failed; once it had switched the registration it rolled/,
  );
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER);
  assert.equal(await mountsUnder(root), []);
});

test('no migration offered (and not a supported path): the pre-flight refuses; waived, "No migration available" from the plugin (stand-in) is a clear failure and no package changes', async ({
  bed,
}) => {
  const root = await bed!.registeredRoot();
  const before = await rpmPackages(root);
  const refused = await migrate(root, ['run', '--product', `SLES/16.0/${ARCH}`]);
  assert.is(refused.exitCode, 1, refused.output);
  assert.match(await readText(root, '/var/log/distro_migration.log'), /not started: 3 inhibitor\(s\)/);
  const report = JSON.parse(await readText(root, '/var/log/distro_migration.report.json')) as {
    checks: Array<{ id: string; status: string; evidence: string[] }>;
  };
  assert.match(
    report.checks.find((c) => c.id === 'registration-migration-path')!.evidence[0]!,
    new RegExp(`offers no migration to SLES/16\\.0/${ARCH}`),
  );
  assert.match(report.checks.find((c) => c.id === 'solver-plan')!.evidence[0]!, /^No migration available/);
  // SLES 12 SP5 -> 16.0 is not a path SUSE supports (15 SP7 first).
  assert.match(report.checks.find((c) => c.id === 'supported-path')!.evidence[0]!, /only from SLES 15 SP7, not from 12 SP5/);
  assert.is(await exists(root, '/var/log/distro_migration.exitcode'), false);
  assert.not.match(await readText(root, '/etc/issue'), /Migration has failed/);

  await writeFile(
    path.join(root, 'etc/sle-migration-service.yml'),
    'waivers:\n  - {id: registration-migration-path, reason: test}\n  - {id: solver-plan, reason: test}\n  - {id: supported-path, reason: test}\n',
  );
  const { exitCode, output } = await migrate(root, ['run', '--product', `SLES/16.0/${ARCH}`]);
  assert.is(exitCode, 1, output);
  assert.equal(await rpmPackages(root), before);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /No migration available\./);
  assert.match(
    log,
    new RegExp(`upgrade failed: Migration failed with: the registration server offers no migration of this system to SLES/16\\.0/${ARCH}`),
  );
  assert.match(log, /hint: check the registration .*--use-zypper-dup/);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.is(await readText(root, '/etc/issue'), ISSUE_POINTER);
  assert.equal(await mountsUnder(root), []);
});

test('verbose_migration and debug_solver reach the plugin (stand-in); the solver test case is copied to the host', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'verbose_migration: true\ndebug_solver: true\n');
  // The container's /var/log is not the host's here (podman run without -v /var/log:/var/log).
  const logDir = bed!.track(await mkdtemp(path.join(os.tmpdir(), 'dms-varlog-')));
  const { exitCode, output } = await migrate(root, ['run'], { logDir });
  assert.is(exitCode, 0, output);
  const record = await readMigrationRecord(logDir);
  assert.equal(record.argv.slice(0, 3), ['--verbose', '--debug-solver', '--non-interactive']);
  assert.ok(await exists(logDir, 'zypper.solverTestCase'), 'zypper wrote the test case into the container /var/log');
  assert.ok(await exists(root, '/var/log/zypper.solverTestCase/testcase.t'), 'the solver test case reached the host');
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /solver test case copied to the host's \/var\/log\/zypper\.solverTestCase/);
  assert.match(log, /debug_solver is set: zypper wrote a solver test case instead of installing packages/);
  // Without the shared /var/log, zypper's own log is the host's through a file bind mount.
  assert.match(log, /Calling: mount --bind \/system-root\/var\/log\/zypper\.log \/var\/log\/zypper\.log/);
  assert.match(await readText(root, '/var/log/zypper.log'), /SLES-15\.7-/, "zypper logged into the host's zypper.log");
});

test('an image without the zypper migration plugin fails the upgrade with a clear message, packages unchanged', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  const before = await rpmPackages(root);
  // No stand-ins mounted: the test image, like a broken production image, lacks the plugin.
  const { exitCode, output } = await runImage({ root, logDir: path.join(root, 'var/log'), args: ['run'] });
  assert.is(exitCode, 1, output);
  assert.equal(await rpmPackages(root), before);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /upgrade failed: Migration failed with: the zypper migration plugin is not installed in the migration image/);
  assert.match(log, /hint: use a migration image with suseconnect-ng/);
});

test('a malformed migration_product in the host configuration is refused before anything runs', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'migration_product: "SLES 16"\n');
  const hash = await treeHash(root);
  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 2, output);
  assert.match(
    output,
    /config error in \/system-root\/etc\/sle-migration-service\.yml: migration_product: must look like NAME\/VERSION\/ARCH/,
  );
  assert.is(await treeHash(root), hash, 'the host root is byte-for-byte unchanged');
});

test.run();
