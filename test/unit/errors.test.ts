// Error helpers: withStepError wraps other errors as StepError with a prefix and a hint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandError, StepError, withStepError } from '../../entrypoint/errors.js';

test("withStepError turns other errors into a StepError with the prefix, keeping a command's own hint", async () => {
  const fail = (err: Error) =>
    withStepError('Setup failed with:', 'general hint', async () => {
      throw err;
    });
  const plain = await fail(new Error('ENOENT: no such file')).catch((e: unknown) => e);
  assert.instance(plain, StepError);
  assert.is((plain as StepError).message, 'Setup failed with: ENOENT: no such file');
  assert.is((plain as StepError).hint, 'general hint');
  const command = await fail(new CommandError('zypper failed (exit code 8)', 'zypper', 8, '', 'install it by hand')).catch(
    (e: unknown) => e,
  );
  assert.is((command as StepError).hint, 'install it by hand');
  const own = new StepError('already explained', 'its hint');
  assert.is(await fail(own).catch((e: unknown) => e), own);
  assert.is(await withStepError('x', 'y', async () => 42), 42);
});

test.run();
