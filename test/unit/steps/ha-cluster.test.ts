// ha-cluster: the step applies to cluster nodes only.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haCluster } from '../../../entrypoint/steps/ha-cluster.js';
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

test.run();
