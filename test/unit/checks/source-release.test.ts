// source-release and rpm-database on synthetic roots: a missing, unreadable (FIFO) or contradicting os-release,
// and a missing, corrupt or empty rpm database are inhibitors; a real bed root passes both.
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rpmDatabase } from '../../../entrypoint/checks/rpm-database.js';
import { sourceRelease } from '../../../entrypoint/checks/source-release.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { makeRoot, removeRoot, rootCheckContext, SLES_PROD } from '../../helpers/check-root.js';

test('os-release missing, a FIFO, without VERSION_ID, or saying another release than products.d: inhibited, saying why', async () => {
  const cases: Array<[string, (root: string) => Promise<void>, RegExp]> = [
    ['missing', async () => {}, /^the host has no \/etc\/os-release$/],
    [
      'a FIFO',
      async (root) => void (await execa('mkfifo', [path.join(root, 'etc/os-release')])),
      /\/etc\/os-release cannot be read: .*is a FIFO, not a file/,
    ],
    ['without VERSION_ID', async (root) => writeFile(path.join(root, 'etc/os-release'), 'NAME="SLES"\n'), /names no NAME or no VERSION_ID/],
    [
      'contradicting the base product',
      async (root) => writeFile(path.join(root, 'etc/os-release'), 'NAME="SLES"\nVERSION_ID="12.5"\n'),
      /says SLES \(VERSION_ID 12\.5\), but the base product \/etc\/products\.d\/SLES\.prod is version 15\.7/,
    ],
  ];
  for (const [what, setup, expected] of cases) {
    const root = await makeRoot({ '/etc/products.d/SLES.prod': SLES_PROD() });
    await mkdir(path.join(root, 'etc'), { recursive: true });
    await setup(root);
    const finding = await sourceRelease.run(await rootCheckContext(root));
    assert.is(finding.ok, false, what);
    assert.match(finding.evidence[0]!, expected, what);
    await removeRoot(root);
  }
});

test('an os-release linked absolutely (as SLES links /etc/os-release) is read inside the host root', async () => {
  const root = await makeRoot({
    '/etc/products.d/SLES.prod': SLES_PROD(),
    '/usr/lib/os-release': 'NAME="SLES"\nVERSION_ID="15.7"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP7"\n',
    '/etc/os-release': { link: '/usr/lib/os-release' },
  });
  const ctx = await rootCheckContext(root);
  assert.equal(await sourceRelease.run(ctx), {
    ok: true,
    evidence: ['SUSE Linux Enterprise Server 15 SP7 (VERSION_ID 15.7), as the base product says'],
  });
  assert.is(ctx.facts.source.description, 'SUSE Linux Enterprise Server 15 SP7', "not the container's own os-release");
  await removeRoot(root);
});

test('no rpm database, a corrupt one and an empty one are inhibitors; a real root passes', async () => {
  const none = await makeRoot({});
  assert.match((await rpmDatabase.run(await rootCheckContext(none))).evidence[0]!, /the host has no rpm database/);
  const corrupt = await makeRoot({ '/var/lib/rpm/rpmdb.sqlite': 'this is not an sqlite database, it is garbage '.repeat(200) });
  const broken = await rpmDatabase.run(await rootCheckContext(corrupt));
  assert.is(broken.ok, false);
  assert.match(broken.evidence[0]!, /rpm cannot read the database in \/var\/lib\/rpm|lists no package/);
  const empty = await makeRoot({});
  await execa('rpm', ['--root', empty, '--dbpath', '/var/lib/rpm', '--initdb']);
  assert.match((await rpmDatabase.run(await rootCheckContext(empty))).evidence[0]!, /the rpm database in \/var\/lib\/rpm lists no package/);
  const real = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
  try {
    const ok = await rpmDatabase.run(await rootCheckContext(real));
    assert.ok(ok.ok, ok.evidence.join(' '));
    assert.match(ok.evidence[0]!, /^\d+ packages in \/var\/lib\/rpm$/);
  } finally {
    await removeSystemRoot(real);
  }
  for (const r of [none, corrupt, empty]) await removeRoot(r);
});

test.run();
