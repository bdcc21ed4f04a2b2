// The contract of a check in types: its runner runs read-only command lines only, and only a fix gets the door.
// tsc (in npm test) fails if any @ts-expect-error below stops being an error, i.e. if a check could write.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Check, pass } from '../../../entrypoint/checks/types.js';
import { rpmQuery } from '../../../entrypoint/system/read-only.js';

const writes: Check = {
  id: 'writes',
  title: 'A check that tries to change the host',
  severity: 'info',
  async run(ctx) {
    // @ts-expect-error a check's runner has no run(): it cannot start an arbitrary command
    await ctx.exec.run(['rm', '-rf', ctx.root]);
    // @ts-expect-error a plain argument list is not a read-only command line
    await ctx.exec.query(['rpm', '--root', ctx.root, '-e', 'kernel-default']);
    // @ts-expect-error a check has no door to the host's files (only a fix has)
    await ctx.files.write('/etc/issue', 'x');
    await ctx.exec.query(await rpmQuery(ctx.root, '-qa'));
    return pass();
  },
};

test('the read-only builders refuse what is not a query, at run time too', async () => {
  assert.ok(writes.run, 'the check above compiles only with its three refusals');
  for (const args of [
    ['-e', 'kernel-default'],
    ['-i', 'x.rpm'],
    ['--import', 'key.asc'],
  ]) {
    try {
      await rpmQuery('/system-root', ...args);
      assert.unreachable(`rpm ${args[0]} must be refused`);
    } catch (err) {
      assert.match((err as Error).message, /is not a query/);
    }
  }
  assert.equal((await rpmQuery('/r', '-q', 'x')).slice(-2), ['-q', 'x']);
});

test.run();
