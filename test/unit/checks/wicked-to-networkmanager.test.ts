// Tests of the wicked-to-networkmanager check with a wicked2nm stand-in, and the host's wicked (stand-in) chrooted in a throw-away view.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WICKED_CONFIG, WICKED_WANTS, wickedToNetworkManager } from '../../../entrypoint/checks/wicked-to-networkmanager.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';
import { addBusybox, addProgram, copyProgram } from '../../helpers/chroot-root.js';
import { treeHash } from '../../helpers/host-root.js';

// The check calls wicked2nm from PATH: the stand-in in test/standins answers like the real tool.
process.env.PATH = `${path.resolve('test/standins')}:${process.env.PATH}`;
const WICKED = { [WICKED_WANTS]: { link: '/usr/lib/systemd/system/wicked.service' } };

test('wicked settings that wicked2nm (stand-in) cannot convert are reported with its warning and the continue hint', async () => {
  const root = await makeRoot({ ...WICKED, [WICKED_CONFIG]: '<interface><name>eth0</name><unsupported/></interface>\n' });
  const finding = await wickedToNetworkManager.run(checkContext(root));
  assert.ok(!finding.ok && finding.severity === 'warning', JSON.stringify(finding));
  assert.match(finding.evidence.join('\n'), /Unhandled field in interface eth0/);
  assert.match(finding.remediation!, /wicked2nm-continue-migration: true/);
  const accepted = await wickedToNetworkManager.run(
    checkContext(root, { config: { ...DEFAULTS, network: { 'wicked2nm-continue-migration': true } } }),
  );
  assert.is(accepted.ok, true, 'accepted when the configuration says to continue');
  await removeRoot(root);
});

test('a configuration wicked2nm (stand-in) converts passes, and a host without wicked passes', async () => {
  const root = await makeRoot({ ...WICKED, [WICKED_CONFIG]: '<interface><name>eth0</name></interface>\n' });
  assert.equal(await wickedToNetworkManager.run(checkContext(root)), {
    ok: true,
    evidence: [`wicked2nm migrate --dry-run succeeded on ${WICKED_CONFIG}`],
  });
  await removeRoot(root);
  const nm = await makeRoot({ '/etc/hosts': '' });
  assert.is((await wickedToNetworkManager.run(checkContext(nm))).ok, true);
  await removeRoot(nm);
});

/** A wicked host without a cached config.xml: its wicked is the stand-in of test/standins/host, run by busybox. */
async function wickedHostWithoutCache(): Promise<string> {
  const root = await makeRoot({ ...WICKED, '/etc/sysconfig/network/ifcfg-eth0': "BOOTPROTO='dhcp'\n", '/var/log/messages': '' });
  await addBusybox(root);
  await copyProgram(root, 'test/standins/host/wicked', '/usr/sbin/wicked');
  return root;
}

/** Runs `fn` with the wicked stand-in printing `xml` for show-config and recording its calls in the root's /var/log. */
async function withWickedXml<T>(xml: string, fn: () => Promise<T>): Promise<T> {
  const saved = { xml: process.env.STANDIN_WICKED_XML, log: process.env.STANDIN_LOG };
  process.env.STANDIN_WICKED_XML = xml;
  process.env.STANDIN_LOG = '/var/log/wicked-standin.log';
  try {
    return await fn();
  } finally {
    for (const [key, value] of [
      ['STANDIN_WICKED_XML', saved.xml],
      ['STANDIN_LOG', saved.log],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('test_check_wicked2nm_no_cached_config: without config.xml, wicked show-config (chrooted, throw-away view) feeds the dry run; the host tree is unchanged', async () => {
  const root = await wickedHostWithoutCache();
  const before = await treeHash(root);
  const finding = await withWickedXml('<interface><name>eth0</name><unsupported/></interface>', () =>
    wickedToNetworkManager.run(checkContext(root)),
  );
  assert.ok(!finding.ok && finding.severity === 'warning', JSON.stringify(finding));
  assert.is(finding.evidence[0], `wicked2nm found settings it cannot convert in the output of wicked show-config (no ${WICKED_CONFIG})`);
  assert.match(finding.evidence.join('\n'), /Unhandled field in interface eth0/, "wicked2nm read wicked's output");
  const converts = await withWickedXml('<interface><name>eth0</name></interface>', () => wickedToNetworkManager.run(checkContext(root)));
  assert.equal(converts, {
    ok: true,
    evidence: [`wicked2nm migrate --dry-run succeeded on the output of wicked show-config (no ${WICKED_CONFIG})`],
  });
  assert.is(await treeHash(root), before, "wicked's call log and the XML stayed out of the host root");
  await removeRoot(root);
});

test('without config.xml: a host without the wicked program, or whose wicked show-config fails, is a warning (not checked)', async () => {
  const noWicked = await makeRoot({ ...WICKED });
  const missing = await wickedToNetworkManager.run(checkContext(noWicked));
  assert.ok(
    !missing.ok && missing.severity === 'warning' && /neither .* nor the wicked program/.test(missing.evidence[0]!),
    JSON.stringify(missing),
  );
  await removeRoot(noWicked);
  const broken = await wickedHostWithoutCache();
  await addProgram(broken, '/usr/sbin/wicked', '#!/bin/sh\necho "wicked: unable to read configuration" >&2\nexit 1\n');
  const failed = await wickedToNetworkManager.run(checkContext(broken));
  assert.ok(!failed.ok && failed.severity === 'warning', JSON.stringify(failed));
  assert.equal(failed.evidence, [
    `${WICKED_CONFIG} is missing and wicked show-config failed (exit code 1): the conversion could not be checked`,
    'wicked: unable to read configuration',
  ]);
  await removeRoot(broken);
});

test('test_check_wicked2nm_has_config: wicked2nm failing otherwise than with exit 3 inhibits, with its stderr', async () => {
  const root = await makeRoot({ ...WICKED, [WICKED_CONFIG]: '<interface><name>eth0</name></interface>\n' });
  // A wicked2nm that cannot parse the configuration (exit 1), first on PATH for this test only.
  const bin = await mkdtemp(path.join(tmpdir(), 'dms-wicked2nm-'));
  await writeFile(path.join(bin, 'wicked2nm'), '#!/bin/sh\necho "Error: failed to parse the wicked configuration" >&2\nexit 1\n', {
    mode: 0o755,
  });
  const saved = process.env.PATH;
  process.env.PATH = `${bin}:${saved}`;
  try {
    const finding = await wickedToNetworkManager.run(checkContext(root));
    assert.equal(finding, {
      ok: false,
      evidence: [`wicked2nm migrate --dry-run failed on ${WICKED_CONFIG} (exit code 1)`, 'Error: failed to parse the wicked configuration'],
    });
  } finally {
    process.env.PATH = saved;
    await rm(bin, { recursive: true, force: true });
    await removeRoot(root);
  }
});

test.run();
