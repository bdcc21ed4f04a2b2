// The staging record: cache listing, repository fingerprints, round trip and the report summary, on a temporary root.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cachedRpms,
  changedRepos,
  readStaged,
  repoFingerprints,
  stagedSummary,
  writeStaged,
  type StagedRecord,
} from '../../../entrypoint/stage/record.js';

async function root(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dms-stage-unit-'));
  const at = (p: string) => path.join(dir, p);
  await mkdir(at('var/cache/zypp/packages/Pool/noarch'), { recursive: true });
  await writeFile(at('var/cache/zypp/packages/Pool/noarch/a-1.0-1.noarch.rpm'), 'aaaa');
  await writeFile(at('var/cache/zypp/packages/Pool/noarch/notes.txt'), 'not a package');
  await mkdir(at('etc/zypp/repos.d'), { recursive: true });
  await writeFile(
    at('etc/zypp/repos.d/pool.repo'),
    '[Pool]\nname=Pool\nbaseurl=https://user:secret@rmt.example.com/repo/Pool\nenabled=1\n',
  );
  await mkdir(at('var/cache/zypp/raw/Pool/repodata'), { recursive: true });
  await writeFile(at('var/cache/zypp/raw/Pool/repodata/repomd.xml'), '<repomd>1</repomd>');
  return dir;
}

test('cachedRpms lists the .rpm files below the package cache with their sizes', async () => {
  const dir = await root();
  try {
    assert.equal([...(await cachedRpms(dir))], [['Pool/noarch/a-1.0-1.noarch.rpm', 4]]);
    assert.equal([...(await cachedRpms(path.join(dir, 'nowhere')))], [], 'no cache: nothing staged');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('repository fingerprints mask credentials and notice changed metadata', async () => {
  const dir = await root();
  try {
    const before = await repoFingerprints(dir);
    assert.is(before.length, 1);
    assert.is(before[0]!.alias, 'Pool');
    assert.not.match(before[0]!.url, /secret/);
    assert.ok(before[0]!.repomdSha256);
    assert.equal(changedRepos(before, await repoFingerprints(dir)), []);
    await writeFile(path.join(dir, 'var/cache/zypp/raw/Pool/repodata/repomd.xml'), '<repomd>2</repomd>');
    assert.equal(changedRepos(before, await repoFingerprints(dir)), ['Pool']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the record round-trips and gives the report its summary; a broken record counts as nothing staged', async () => {
  const dir = await root();
  try {
    assert.is(await readStaged(dir), undefined);
    assert.is(await stagedSummary(dir), undefined);
    const record: StagedRecord = {
      version: 1,
      stagedAt: '2026-11-25T08:00:00.000Z',
      mode: 'dup',
      alreadyCached: 2,
      bytes: 4,
      packages: [{ path: 'Pool/noarch/a-1.0-1.noarch.rpm', size: 4 }],
      repos: [],
    };
    await writeStaged(dir, record);
    assert.equal(await readStaged(dir), record);
    assert.equal(await stagedSummary(dir), { stagedAt: record.stagedAt, packages: 3, bytes: 4, file: '/var/lib/dms/staged.json' });
    await writeFile(path.join(dir, 'var/lib/dms/staged.json'), '{ broken');
    assert.is(await readStaged(dir), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
