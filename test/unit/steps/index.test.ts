import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stepsFor } from '../../../entrypoint/steps/index.js';

test('every target starts with the pre-migration snapshot, before anything changes the host', () => {
  for (const major of [15, 16]) {
    const steps = stepsFor(major);
    assert.is(steps[0]?.id, 'btrfs-snapshot-pre');
    assert.ok(steps[0]?.beforeChanges);
    assert.not.ok(steps[0]?.fatal, 'a failed snapshot does not stop the migration (SPEC 5.0)');
  }
});

test('SLE 16 takes the post snapshot after the upgrade; SLE 15 has none', () => {
  const ids16 = stepsFor(16).map((s) => s.id);
  assert.ok(ids16.indexOf('btrfs-snapshot-post') > ids16.indexOf('upgrade'));
  assert.not.ok(stepsFor(15).some((s) => s.id === 'btrfs-snapshot-post'));
});

test.run();
