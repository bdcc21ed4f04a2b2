// The mount ledger: its line format, reading it back, unmount order, atomic writes, mountinfo.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatLedger,
  mountPointsFrom,
  parseLedger,
  readLedger,
  unmountOrder,
  writeLedger,
} from '../../../entrypoint/system/mount-ledger.js';

const entries = [
  { source: '/system-root/usr/lib/zypp/plugins/services', target: '/usr/lib/zypp/plugins/services' },
  { source: '/system-root/etc/zypp', target: '/etc/zypp' },
  { source: '/system-root/var/cache/cloud register', target: '/var/cache/cloud register' },
];

test('ledger lines use the original format, shallower targets first', () => {
  assert.is(formatLedger([entries[1]!]), '/system-root/etc/zypp /etc/zypp none defaults 0 0\n');
  const lines = formatLedger(entries).trimEnd().split('\n');
  assert.equal(
    lines.map((l) => l.split(' ')[1]),
    ['/etc/zypp', '/var/cache/cloud\\040register', '/usr/lib/zypp/plugins/services'],
  );
});

test('every line is read back, whatever its type field, with escapes undone', () => {
  const parsed = parseLedger(`# comment\n${formatLedger(entries)}\n/a /b bind defaults 0 0\n`);
  assert.is(parsed.length, 4);
  assert.ok(parsed.some((e) => e.target === '/var/cache/cloud register'));
});

test('unmounting goes deepest first', () => {
  assert.equal(
    unmountOrder(entries).map((e) => e.target),
    ['/usr/lib/zypp/plugins/services', '/var/cache/cloud register', '/etc/zypp'],
  );
});

test('the ledger file is written atomically and removed when empty', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-ledger-'));
  const file = path.join(dir, 'system-root.fstab');
  await writeLedger(file, entries);
  assert.equal(await readLedger(file), parseLedger(await readFile(file, 'utf8')));
  assert.is((await readLedger(file)).length, 3);
  await writeLedger(file, []);
  assert.equal(await readLedger(file), []);
});

test('mount points are read from mountinfo', () => {
  const info = '36 35 98:0 /mnt1 /mnt/a\\040b rw,noatime master:1 - ext3 /dev/root rw\n37 35 98:0 / /etc/zypp rw - ext4 /dev/vda rw\n';
  assert.equal(mountPointsFrom(info), ['/mnt/a b', '/etc/zypp']);
});

test.run();
