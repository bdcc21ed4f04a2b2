// The benchmark's scaled repositories: sizes, payload only in the target, dependencies that resolve.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fillerPackages, scaledRepoDefs } from '../../bed/scale.js';
import { sles12InstallList } from '../../bed/packages.js';

test('a scaled SLES 12 repository has exactly the requested number of packages', () => {
  const base = sles12InstallList('x86_64').length;
  const defs = scaledRepoDefs('x86_64', { packages: 500, payloadKiB: 8 });
  assert.is(defs.sles12.packages.length, 500);
  assert.is(defs.sles15.packages.filter((p) => p.name.startsWith('filler-')).length, 500 - base, 'the same fillers, in their 15 version');
  assert.is(scaledRepoDefs('x86_64', { packages: 3, payloadKiB: 0 }).sles12.packages.length, base, 'never fewer than the bed itself');
});

test('filler packages: random payload only in the SLES 15 version, every Requires names an existing filler', () => {
  const old = fillerPackages(20, 12, 64);
  const upd = fillerPackages(20, 15, 64);
  assert.not.ok(
    old.some((p) => p.files.some((f) => f.kind === 'random')),
    'the installed 12 root stays small',
  );
  for (const p of upd) {
    const payload = p.files.find((f) => f.kind === 'random');
    assert.ok(payload && payload.kind === 'random' && payload.size === 64 * 1024, p.name);
  }
  const names = new Set(upd.map((p) => p.name));
  for (const p of upd) for (const r of p.requires ?? []) assert.ok(r === 'filesystem' || names.has(r), `${p.name} requires ${r}`);
  assert.is(upd[0]!.version, '2.0');
  assert.is(old[0]!.version, '1.0');
});

test.run();
