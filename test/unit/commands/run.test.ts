// `dms run` on a host whose journal says the same migration completed: nothing changes, exit 0 (also when a kill
// came between the journal and the exit-code file); --restart runs it again (here: up to its pre-flight gate). The
// shim's result line says each outcome.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newJournal } from '../../../entrypoint/journal/journal.js';
import { parseFieldsLine } from '../../../entrypoint/run/shim-result.js';
import { capture, cliPaths } from '../../helpers/cli.js';
import { treeHash } from '../../helpers/host-root.js';

test('a second run of a completed migration changes nothing and ends with 0; --restart starts it over', async () => {
  const p = await cliPaths();
  const root = p.systemRoot;
  await writeFile(p.imageOsRelease, 'VERSION_ID="15.7"\n');
  await mkdir(path.join(root, 'var/lib/dms'), { recursive: true });
  await mkdir(path.join(root, 'var/log'), { recursive: true });
  const journal = { ...newJournal({ target: '15.7', mode: 'dup' }, new Date('2026-12-01T10:00:00Z')), result: 'succeeded' as const };
  await writeFile(path.join(root, 'var/lib/dms/journal.json'), JSON.stringify(journal));
  // A kill after the journal said "succeeded" and before the exit code: the file still says 1.
  await writeFile(path.join(root, 'var/log/distro_migration.exitcode'), '1\n');
  await mkdir(path.join(root, 'run'), { recursive: true });
  await writeFile(path.join(root, 'run/.containerenv'), '');
  const logs = [
    'var/log/distro_migration.log',
    'var/log/distro_migration.jsonl',
    'var/log/distro_migration.exitcode',
    'var/lib/dms/migration.lock',
    'var/log/distro_migration.result',
  ];
  const before = await treeHash(root, logs);

  const again = await capture(['run', '--use-zypper-dup'], p);
  assert.is(again.code, 0, again.err);
  assert.match(
    again.err,
    /the migration to 15\.7 \(dup mode\) completed at 2026-12-01T10:00:00\.000Z .*: nothing to do; run with --restart to run it again/,
  );
  assert.is(await readFile(path.join(root, 'var/log/distro_migration.exitcode'), 'utf8'), '0\n');
  assert.is(await treeHash(root, logs), before, 'nothing else changed');
  const result = path.join(root, 'var/log/distro_migration.result');
  assert.is(await readFile(result, 'utf8'), 'outcome=succeeded\tsystem=unknown system\tlog=/var/log/distro_migration.log\n');

  const other = await capture(['run', '--product', 'SLES/15.7/x86_64'], p);
  assert.is(other.code, 1, 'another mode is another migration: it goes to its pre-flight (inhibited here)');
  const restarted = await capture(['run', '--use-zypper-dup', '--restart'], p);
  assert.is(restarted.code, 1, 'with --restart the run goes to its pre-flight (inhibited here: the host is a container)');
  assert.match(restarted.err, /not started: \d+ inhibitor\(s\), nothing was changed, see \/var\/log\/distro_migration\.report\.txt\n/);
  const inhibited = parseFieldsLine(await readFile(result, 'utf8'));
  assert.equal(
    { ...inhibited, inhibitors: 'N' },
    { outcome: 'inhibited', inhibitors: 'N', report: '/var/log/distro_migration.report.txt', log: '/var/log/distro_migration.log' },
  );
  assert.ok(Number(inhibited.inhibitors) >= 1, inhibited.inhibitors);
  assert.match(await readFile(path.join(root, 'var/log/distro_migration.report.txt'), 'utf8'), /^INHIBITED/m);
});

test.run();
