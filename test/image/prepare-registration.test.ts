// Image tests of prepare's registration check (SPEC 5.2 #11): plugin mode needs a registered host.
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { mountsUnder, readText, rpmPackages } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite } from '../helpers/plugin-bed.js';
import { failedRunLog } from '../helpers/run-image.js';
import { installSuseConnect } from '../standins/index.js';

const test = pluginSuite('prepare: registration check (stand-in SUSEConnect)');

/** The pre-flight refuses an unregistered host first; waived, the run reaches prepare's own check. */
async function waive(root: string, ids: string[]): Promise<void> {
  await writeFile(
    path.join(root, 'etc/sle-migration-service.yml'),
    `waivers:\n${ids.map((id) => `  - {id: ${id}, reason: test of the step behind the pre-flight}\n`).join('')}`,
  );
}

test('an unregistered host in plugin mode is refused by the pre-flight before anything changes (stand-in SUSEConnect)', async ({ bed }) => {
  const root = await bed!.unregisteredRoot();
  await installSuseConnect(root);
  const before = await rpmPackages(root);
  const log = await failedRunLog(migrate(root), root);
  assert.match(log, /check registration-present: failed \(inhibitor\): no registration credentials/);
  assert.match(log, /not started: \d inhibitor\(s\), nothing was changed/);
  assert.not.match(log, /SUSEConnect --list-extensions/, 'no step ran');
  assert.equal(await rpmPackages(root), before);
  await access(path.join(root, 'var/log/distro_migration.exitcode')).then(
    () => assert.unreachable('a refused run writes no exit-code file'),
    () => undefined,
  );
});

test('an unregistered host in plugin mode (pre-flight waived) stops in prepare with how to register or use dup mode (stand-in SUSEConnect)', async ({
  bed,
}) => {
  const root = await bed!.unregisteredRoot();
  await installSuseConnect(root);
  await waive(root, ['registration-present']);
  const before = await rpmPackages(root);

  const log = await failedRunLog(migrate(root), root);
  assert.match(log, /Calling: chroot \/system-root SUSEConnect --list-extensions/);
  assert.match(log, /To list extensions, you must first register the base product/, 'SUSEConnect output is logged');
  assert.match(log, /prepare failed: System not registered\. Aborting migration\. \(SUSEConnect --list-extensions exited with code 1\)/);
  assert.match(
    log,
    /hint: register the host first \(on the host: SUSEConnect -r <REGISTRATION_CODE>.*or migrate in dup mode with --use-zypper-dup/,
  );
  assert.not.match(log, /Calling: zypper migration/, 'the upgrade never started');
  assert.equal(await rpmPackages(root), before, 'no package changed');
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  await access(path.join(root, 'var/log/zypper-migration-standin.json')).then(
    () => assert.unreachable('the plugin (stand-in) must not run'),
    () => undefined,
  );
  assert.equal(await mountsUnder(root), []);
});

test('a host without SUSEConnect in plugin mode (pre-flight waived) gets the same clear refusal, naming the missing program', async ({
  bed,
}) => {
  const root = await bed!.unregisteredRoot();
  await waive(root, ['registration-present']);
  const log = await failedRunLog(migrate(root), root);
  assert.match(log, /System not registered\. Aborting migration\. \(SUSEConnect is not installed on the host/);
  assert.match(log, /--use-zypper-dup/);
});

test('dup mode needs no registration: the check is skipped and logged', async ({ bed }) => {
  const root = await bed!.unregisteredRoot();
  // No target repository either (the pre-flight's repos-remote inhibitor is waived): the dup stops at
  // "nothing to do" quickly, prepare is what matters here.
  await waive(root, ['repos-remote']);
  const { output } = await migrate(root, ['run', '--use-zypper-dup']);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /dup mode: no registration needed/, output);
  assert.not.match(log, /SUSEConnect --list-extensions/);
  assert.match(log, /\[prepare\] prepare succeeded/);
});

test.run();
