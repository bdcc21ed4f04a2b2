// Tests of the wicked-to-networkmanager check with a wicked2nm stand-in.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WICKED_CONFIG, WICKED_WANTS, wickedToNetworkManager } from '../../../entrypoint/checks/wicked-to-networkmanager.js';
import { DEFAULTS } from '../../../entrypoint/config/schema.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

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
  assert.is((await wickedToNetworkManager.run(checkContext(root))).ok, true);
  await removeRoot(root);
  const nm = await makeRoot({ '/etc/hosts': '' });
  assert.is((await wickedToNetworkManager.run(checkContext(nm))).ok, true);
  await removeRoot(nm);
});

test.run();
