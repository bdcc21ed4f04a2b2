// Tests of the ha-cluster check with a crm stand-in run chrooted in a synthetic root.
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haCluster } from '../../../entrypoint/checks/ha-cluster.js';
import { BUSYBOX_SOURCE } from '../../bed/packages.js';
import { treeHash } from '../../helpers/host-root.js';
import { addFiles, checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

/** A cluster node whose crm is the stand-in script, run by busybox as the root's /bin/sh. */
async function clusterRoot(notReady?: string): Promise<string> {
  const root = await makeRoot({
    '/etc/corosync/corosync.conf': 'totem { version: 2 }\n',
    '/bin/sh': { link: '/usr/bin/busybox' },
    ...(notReady ? { '/etc/corosync/not-ready': notReady } : {}),
  });
  for (const tool of ['mkdir', 'cat']) await addFiles(root, { [`/usr/bin/${tool}`]: { link: '/usr/bin/busybox' } });
  await mkdir(path.join(root, 'usr/sbin'), { recursive: true });
  await copyFile(BUSYBOX_SOURCE, path.join(root, 'usr/bin/busybox'));
  await copyFile('test/standins/crm', path.join(root, 'usr/sbin/crm'));
  await chmod(path.join(root, 'usr/sbin/crm'), 0o755);
  return root;
}

test('a cluster node failing crm cluster health sles16 (stand-in) inhibits, and what crm writes stays out of the host root', async () => {
  const root = await clusterRoot('stonith is not configured for SLE 16\n');
  const before = await treeHash(root);
  const finding = await haCluster.run(checkContext(root));
  assert.ok(!finding.ok && finding.severity === undefined, JSON.stringify(finding));
  assert.equal(finding.evidence, ['crm cluster health sles16 --local failed (exit code 1)', 'stonith is not configured for SLE 16']);
  assert.is(await treeHash(root), before, "crmsh's log went into the throw-away view");
  await removeRoot(root);
});

test('a healthy cluster node (crm stand-in) passes; so does a host that is no cluster node; without crmsh it is a warning', async () => {
  const root = await clusterRoot();
  const finding = await haCluster.run(checkContext(root));
  assert.equal(finding, { ok: true, evidence: ['crm cluster health sles16 --local passed', 'sles16: all checks passed'] });
  await removeRoot(root);
  const plain = await makeRoot({ '/etc/hosts': '127.0.0.1 localhost\n' });
  assert.is((await haCluster.run(checkContext(plain))).ok, true);
  await removeRoot(plain);
  const nocrm = await makeRoot({ '/etc/corosync/corosync.conf': 'totem {}\n' });
  const warn = await haCluster.run(checkContext(nocrm));
  assert.ok(!warn.ok && warn.severity === 'warning');
  await removeRoot(nocrm);
});

test("check_ha's 'crmsh version is too old': a crmsh without the sles16 health check is a warning, not an inhibitor", async () => {
  const root = await clusterRoot();
  // crmsh before the SLE 16 health check rejects the component, as the original's `crm help cluster health` shows.
  await writeFile(path.join(root, 'usr/sbin/crm'), '#!/bin/sh\necho "ERROR: cluster.health: Unknown component: sles16" >&2\nexit 1\n');
  const finding = await haCluster.run(checkContext(root));
  assert.ok(!finding.ok && finding.severity === 'warning', JSON.stringify(finding));
  assert.match(finding.evidence[0]!, /^crmsh is too old for the SLE 16 health check: ERROR: cluster\.health: Unknown component: sles16$/);
  await removeRoot(root);
});

test('original test_check_ha_unexpected_exception_when_calling_crmsh: a crm that cannot be run (not executable) inhibits with what the call said', async () => {
  const root = await clusterRoot();
  await chmod(path.join(root, 'usr/sbin/crm'), 0o644);
  const finding = await haCluster.run(checkContext(root));
  assert.ok(!finding.ok && finding.severity === undefined, JSON.stringify(finding));
  assert.match(finding.evidence[0]!, /^crm cluster health sles16 --local failed \(exit code 126\)$/);
  assert.match(finding.evidence[1] ?? '', /Permission denied/i);
  await removeRoot(root);
});

test.run();
