// ha-cluster: the step applies to cluster nodes only; crmsh's fix, chrooted, as the original runs it.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HA_FIX, haCluster } from '../../../entrypoint/steps/ha-cluster.js';
import { chrootArgv } from '../../../entrypoint/system/host-programs.js';
import { stepContext } from '../../helpers/step-context.js';

test('the HA fix applies only to cluster nodes (a corosync.conf)', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-ha-'));
  assert.match(
    String(await haCluster.skipReason!(stepContext(root))),
    /no \/etc\/corosync\/corosync\.conf: the host is not an HA cluster node/,
  );
  await mkdir(path.join(root, 'etc/corosync'), { recursive: true });
  await writeFile(path.join(root, 'etc/corosync/corosync.conf'), 'totem {}\n');
  assert.is(await haCluster.skipReason!(stepContext(root)), undefined);
});

test("the fix is the original's crm command, run in the host root (ha_migration_test.py::test_main)", () => {
  // The original chroots the whole process (os.chroot('/system-root')) and runs the command; we chroot the command only.
  assert.equal(HA_FIX, ['crm', 'cluster', 'health', 'sles16', '--local', '--fix']);
  assert.equal(chrootArgv('/system-root', HA_FIX), ['chroot', '/system-root', ...HA_FIX]);
});

test.run();
