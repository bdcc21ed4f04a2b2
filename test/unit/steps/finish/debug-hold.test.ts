// finish's debug hold: the container name, the hold message, and no hold after an interrupted run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pino from 'pino';
import { containerName, holdForDebug, holdMessage } from '../../../../entrypoint/steps/finish/debug-hold.js';
import type { StepContext } from '../../../../entrypoint/steps/types.js';
import { Exec } from '../../../../entrypoint/system/exec.js';

test("the container name comes from podman's /run/.containerenv", () => {
  const env =
    'engine="podman-4.3.1"\nname="dms-migration-20261125-42"\nid="0123abcd"\nimage="localhost/dms-migration:latest"\nrootless=0\n';
  assert.is(containerName(env), 'dms-migration-20261125-42');
  assert.is(containerName(''), undefined);
  assert.is(containerName('name=""\n'), undefined);
});

test('the hold message names the SPEC line, the kept mounts and how to end the hold', () => {
  const noTty = holdMessage(['/etc/zypp', '/usr/lib/zypp/plugins/services'], { tty: false, container: 'dms-x' });
  assert.match(
    noTty,
    /^Reboot skipped due to debug flag set: the 2 mount\(s\) stay for inspection: \/etc\/zypp, \/usr\/lib\/zypp\/plugins\/services\./,
  );
  assert.match(noTty, /podman exec -it dms-x bash/);
  assert.match(noTty, /podman stop dms-x` releases the mounts/);
  const tty = holdMessage([], { tty: true });
  assert.match(tty, /no mounts were made\. A shell in the migration container follows; leave it \(exit\) to release the mounts/);
  assert.match(holdMessage([], { tty: false }), /podman stop <container>/);
});

test('after an interrupted run debug does not hold: finish releases at once', async () => {
  const lines: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) });
  const ctx = { log, exec: new Exec(log), interrupted: true } as unknown as StepContext;
  await holdForDebug(ctx);
  assert.equal(lines, ['debug is set, but the run was interrupted: releasing the mounts now']);
});

test.run();
