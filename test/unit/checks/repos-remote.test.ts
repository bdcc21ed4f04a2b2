// Tests of the repos-remote check against synthetic repos.d directories.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reposRemote } from '../../../entrypoint/checks/repos-remote.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';
import { runSuggested } from '../../helpers/suggested.js';

const REMOTE = '[SLES15-SP7-Updates]\nname=Updates\nenabled=1\nbaseurl=https://updates.example.com/SLES/15-SP7/\n';

test('a local repository (hd:, dir:) and a section without baseurl are reported with the repo check', async () => {
  const root = await makeRoot({
    '/etc/zypp/repos.d/a.repo': `${REMOTE}[local-dvd]\nname=Local DVD\nbaseurl=hd:/?device=/dev/disk/by-uuid/0000-example\n`,
    '/etc/zypp/repos.d/b.repo': '[broken]\nname=no url\nenabled=1\n',
  });
  const finding = await reposRemote.run(checkContext(root));
  assert.is(finding.ok, false);
  assert.equal(finding.evidence, ['local-dvd (a.repo): hd:/?device=/dev/disk/by-uuid/0000-example', 'broken (b.repo): no baseurl']);
  await removeRoot(root);
});

test('the finding gives a disable command per local repository, with its alias; real zypper run on the root clears it', async () => {
  const root = await makeRoot({
    '/etc/zypp/repos.d/a.repo': `${REMOTE}[local dvd]\nname=Local DVD\nenabled=1\nbaseurl=dir:/srv/dvd\n`,
    '/etc/zypp/repos.d/b.repo': '[iso-media]\nname=ISO\nenabled=1\nbaseurl=iso:/?iso=/srv/sles.iso\n',
  });
  const finding = await reposRemote.run(checkContext(root));
  const commands = finding.ok ? [] : (finding.commands ?? []);
  assert.equal(commands, ["zypper modifyrepo --disable 'local dvd'", 'zypper modifyrepo --disable iso-media']);
  for (const command of commands) await runSuggested(command, root);
  assert.is((await reposRemote.run(checkContext(root))).ok, true, 'after the suggested commands every enabled repository is remote');
  await removeRoot(root);
});

test('remote and disabled repositories pass; no repositories at all inhibits dup mode', async () => {
  const root = await makeRoot({ '/etc/zypp/repos.d/a.repo': `${REMOTE}[old]\nenabled=0\nbaseurl=dir:///srv/old\n` });
  assert.is((await reposRemote.run(checkContext(root))).ok, true);
  await removeRoot(root);
  const empty = await makeRoot({ '/etc/zypp/repos.d/.keep': '' });
  const finding = await reposRemote.run(checkContext(empty));
  assert.ok(!finding.ok && finding.severity === 'inhibitor', JSON.stringify(finding));
  await removeRoot(empty);
});

test.run();
