// The host root's rpm database: where it is found, and the package list read from a real bed root with real rpm.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Exec } from '../../../entrypoint/system/exec.js';
import { installedPackages, parsePackageList, rpmDbPath } from '../../../entrypoint/system/rpm-db.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import * as bed from '../../bed/zypper.js';
import { checkContext } from '../../helpers/check-root.js';

test('rpm -qa lines become name -> sorted versions; several versions of one name are one entry; gpg keys are left out', () => {
  const set = parsePackageList(
    'sles-release 12.5-1.x86_64\nkernel-default 4.12-2.x86_64\nkernel-default 4.12-1.x86_64\ngpg-pubkey 39db7c82-5f68629b.(none)\n\n',
  );
  assert.equal(
    [...set],
    [
      ['sles-release', ['12.5-1.x86_64']],
      ['kernel-default', ['4.12-1.x86_64', '4.12-2.x86_64']],
    ],
  );
});

async function layout(files: string[], dirs: string[] = []): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-rpmdb-'));
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true });
    await writeFile(path.join(root, f), '');
  }
  return root;
}

test('the database is where its files are: SLE 15+ sysimage, SLE 12 /var/lib/rpm even next to an empty sysimage', async () => {
  const cases: Array<[string[], string[], string]> = [
    [['usr/lib/sysimage/rpm/Packages.db'], ['var/lib/rpm'], '/usr/lib/sysimage/rpm'],
    [['usr/lib/sysimage/rpm/rpmdb.sqlite'], [], '/usr/lib/sysimage/rpm'],
    [['var/lib/rpm/Packages'], ['usr/lib/sysimage/rpm'], '/var/lib/rpm'],
    [[], ['usr/lib/sysimage/rpm'], '/usr/lib/sysimage/rpm'],
    [[], [], '/var/lib/rpm'],
  ];
  for (const [files, dirs, want] of cases) {
    const root = await layout(files, dirs);
    assert.is(await rpmDbPath(root), want, `files ${files.join(' ')} dirs ${dirs.join(' ')}`);
    await rm(root, { recursive: true, force: true });
  }
});

test('installedPackages reads a real SLE 12 bed root: the same packages rpm itself lists', async () => {
  const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/' });
  try {
    const set = await installedPackages(new Exec(checkContext(root).log), root);
    assert.ok(set, 'rpm read the database');
    const listed = [...set].flatMap(([name, evrs]) => evrs.map((evr) => `${name}-${evr}`)).sort();
    assert.equal(
      listed,
      (await bed.installedPackages(root)).filter((p) => !p.startsWith('gpg-pubkey-')),
    );
    assert.ok(set.has('sles-release'));
  } finally {
    await removeSystemRoot(root);
  }
});

test.run();
