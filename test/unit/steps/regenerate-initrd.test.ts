// regenerate-initrd: the step runs only with build_host_independent_initrd.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { regenerateInitrd } from '../../../entrypoint/steps/regenerate-initrd.js';
import { stepContext } from '../../helpers/step-context.js';

test('the host-independent initrd is built only when build_host_independent_initrd is set', async () => {
  assert.match(
    String(await regenerateInitrd.skipReason!(stepContext('/system-root'))),
    /build_host_independent_initrd is not set: the new kernel's package scriptlets already built its initrd/,
  );
  assert.is(await regenerateInitrd.skipReason!(stepContext('/system-root', { build_host_independent_initrd: true })), undefined);
});

test.run();
