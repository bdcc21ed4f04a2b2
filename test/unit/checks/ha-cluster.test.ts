import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haCluster } from '../../../entrypoint/checks/ha-cluster.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('a cluster node (corosync.conf) without crmsh cannot be checked and is reported', async () => {
  const root = await makeRoot({ '/etc/corosync/corosync.conf': 'totem { version: 2 }\n' });
  const finding = await haCluster.run(checkContext(root));
  assert.ok(!finding.ok && finding.severity === 'warning', JSON.stringify(finding));
  assert.match(finding.evidence[0]!, /crmsh \(\/usr\/sbin\/crm\) is not installed/);
  await removeRoot(root);
});

test('a host that is no cluster node passes', async () => {
  const root = await makeRoot({ '/etc/hosts': '127.0.0.1 localhost\n' });
  assert.is((await haCluster.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
