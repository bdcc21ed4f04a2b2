// Tests of the zypper-locks check against synthetic /etc/zypp/locks files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zypperLocks } from '../../../entrypoint/checks/zypper-locks.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('package locks in /etc/zypp/locks are reported by name', async () => {
  const root = await makeRoot({
    '/etc/zypp/locks': 'type: package\nmatch_type: glob\nsolvable_name: legacy-agent\n\ntype: pattern\nsolvable_name: lamp_server\n',
  });
  const finding = await zypperLocks.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence, ['2 lock(s) in /etc/zypp/locks: legacy-agent (package), lamp_server (pattern)']);
  await removeRoot(root);
});

test('no locks file (or an empty one) passes', async () => {
  const root = await makeRoot({ '/etc/zypp/locks': '\n' });
  assert.is((await zypperLocks.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
