// pre-checks-fix: the pre-flight's repairs as a run step (after the snapshot), through the door, not for waived findings.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { preChecksFix } from '../../../entrypoint/steps/pre-checks-fix.js';
import { stepsFor } from '../../../entrypoint/steps/index.js';
import { stepContext } from '../../helpers/step-context.js';

const CONF = '[main]\nmultiversion = provides:multiversion(kernel)\nmultiversion.kernels = latest,latest-1,running\n';

async function rootWithConf(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-fix-'));
  await mkdir(path.join(root, 'etc/zypp'), { recursive: true });
  await writeFile(path.join(root, 'etc/zypp/zypp.conf'), CONF);
  return root;
}

test('the repair of zypp.conf keeps the original and is recorded as a change', async () => {
  const root = await rootWithConf();
  const ctx = stepContext(root, { pre_checks_fix: true });
  assert.is(await preChecksFix.skipReason?.(ctx), undefined);
  await preChecksFix.run(ctx);
  assert.match(await readFile(path.join(root, 'etc/zypp/zypp.conf'), 'utf8'), /^multiversion\.kernels = latest,running$/m);
  assert.is(await readFile(path.join(root, 'var/lib/dms/backup/etc/zypp/zypp.conf'), 'utf8'), CONF);
  assert.equal(
    ctx.changes.map((c) => [c.path, c.backup]),
    [['/etc/zypp/zypp.conf', '/var/lib/dms/backup/etc/zypp/zypp.conf']],
  );
});

test('a waived finding is not repaired; pre_checks_fix: false skips the step', async () => {
  const root = await rootWithConf();
  const waived = stepContext(root, { waivers: [{ id: 'multiversion-kernels', reason: 'we keep three kernels' }] });
  await preChecksFix.run(waived);
  assert.is(await readFile(path.join(root, 'etc/zypp/zypp.conf'), 'utf8'), CONF);
  assert.equal(waived.changes, []);
  assert.is(await preChecksFix.skipReason?.(stepContext(root, { pre_checks_fix: false })), 'pre_checks_fix is off');
});

test('the repairs come after the pre-migration snapshot in both step sets, so a rollback undoes them', () => {
  for (const major of [15, 16]) {
    const ids = stepsFor(major).map((s) => s.id);
    assert.is(ids.indexOf('pre-checks-fix'), ids.indexOf('btrfs-snapshot-pre') + 1, `SLE ${major}`);
  }
});

test.run();
