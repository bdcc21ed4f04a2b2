// os-release parsing: case-insensitive keys, quotes, junk lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeRelease, parseOsRelease } from '../../../entrypoint/system/os-release.js';

test('keys are case-insensitive, quotes stripped, junk skipped', () => {
  const r = parseOsRelease(
    '# comment\nname="SLES"\nVERSION_ID=\'15.7\'\n\nno equals sign\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP7"\n',
  );
  assert.equal(r, { NAME: 'SLES', VERSION_ID: '15.7', PRETTY_NAME: 'SUSE Linux Enterprise Server 15 SP7' });
  assert.is(describeRelease(r), 'SUSE Linux Enterprise Server 15 SP7');
  assert.is(describeRelease(undefined), 'unknown system');
});

test.run();
