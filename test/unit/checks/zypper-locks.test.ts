// Tests of the zypper-locks check against synthetic /etc/zypp/locks files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zypperLocks } from '../../../entrypoint/checks/zypper-locks.js';
import { execa } from 'execa';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';
import { runSuggested } from '../../helpers/suggested.js';

test('package locks in /etc/zypp/locks are reported by name', async () => {
  const root = await makeRoot({
    '/etc/zypp/locks': 'type: package\nmatch_type: glob\nsolvable_name: legacy-agent\n\ntype: pattern\nsolvable_name: lamp_server\n',
  });
  const finding = await zypperLocks.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence, ['2 lock(s) in /etc/zypp/locks: legacy-agent (package), lamp_server (pattern)']);
  await removeRoot(root);
});

test('the finding gives one removelock command per lock, with its name and type; real zypper run on the root clears it', async () => {
  const root = await makeRoot({ '/etc/zypp/zypp.conf': '' });
  // The locks as the host has them: made by zypper itself (zypper addlock).
  await execa('zypper', ['--non-interactive', '--root', root, 'addlock', 'legacy-agent']);
  await execa('zypper', ['--non-interactive', '--root', root, 'addlock', '-t', 'pattern', 'lamp server']);
  const finding = await zypperLocks.run(checkContext(root));
  assert.is(finding.ok, false);
  const commands = finding.ok ? [] : (finding.commands ?? []);
  assert.equal(commands, ["zypper removelock -t pattern 'lamp server'", 'zypper removelock legacy-agent']);
  for (const command of commands) await runSuggested(command, root);
  assert.is((await zypperLocks.run(checkContext(root))).ok, true, 'after the suggested commands no lock is left');
  await removeRoot(root);
});

test('no locks file (or an empty one) passes', async () => {
  const root = await makeRoot({ '/etc/zypp/locks': '\n' });
  assert.is((await zypperLocks.run(checkContext(root))).ok, true);
  await removeRoot(root);
});

test.run();
