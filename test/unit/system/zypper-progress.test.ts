// zypper's output lines as progress records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseZypperProgress } from '../../../entrypoint/system/zypper-progress.js';

test('the plan line gives the package counts', () => {
  assert.equal(parseZypperProgress('15 packages to upgrade, 3 new, 1 to remove.'), {
    phase: 'plan',
    upgrade: 15,
    downgrade: 0,
    install: 3,
    remove: 1,
  });
  assert.equal(parseZypperProgress('1 package to upgrade, 2 to downgrade, 4 new.'), {
    phase: 'plan',
    upgrade: 1,
    downgrade: 2,
    install: 4,
    remove: 0,
  });
  assert.equal(parseZypperProgress('3 new.'), { phase: 'plan', upgrade: 0, downgrade: 0, install: 3, remove: 0 });
});

test('downloads and installs give n of N with a percentage', () => {
  assert.equal(parseZypperProgress('Retrieving package busybox-1.35.0-150700.3.1.x86_64 (5/18), 1013.7 KiB (  1.9 MiB unpacked)'), {
    phase: 'download',
    done: 5,
    total: 18,
    percent: 28,
    item: 'busybox-1.35.0-150700.3.1.x86_64',
  });
  assert.equal(parseZypperProgress('(18/18) Installing: patterns-sles-base-15.7-150700.5.1.noarch [......done]'), {
    phase: 'install',
    done: 18,
    total: 18,
    percent: 100,
    item: 'patterns-sles-base-15.7-150700.5.1.noarch',
  });
  assert.equal(parseZypperProgress('(2/19) Removing: python-demo-2.7.18-33.1.noarch [..done]')?.phase, 'remove');
  // zypper pads the counter to the width of the total (src/callbacks/rpm.h: "(%*d/%d) "), and says "Removing" without a colon.
  assert.equal(parseZypperProgress('( 1/18) Installing: filesystem-15.7-150700.1.1.noarch [.........done]'), {
    phase: 'install',
    done: 1,
    total: 18,
    percent: 6,
    item: 'filesystem-15.7-150700.1.1.noarch',
  });
  assert.equal(parseZypperProgress('(  3/120) Removing python-demo-2.7.18 [done]'), {
    phase: 'remove',
    done: 3,
    total: 120,
    percent: 3,
    item: 'python-demo-2.7.18',
  });
});

test('other lines carry no progress', () => {
  for (const line of [
    'Retrieving: filesystem-15.7-150700.1.1.noarch.rpm [done]',
    "Retrieving repository 'SLES15-SP7-Pool' metadata [.done]",
    '',
    'Nothing to do.',
    'The following 3 NEW packages are going to be installed:',
  ]) {
    assert.is(parseZypperProgress(line), undefined, line);
  }
});

test.run();
