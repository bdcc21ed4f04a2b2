// Image tests of finish (SPEC 5.14): debug mode holds with the mounts in place (until podman stop, or
// until the shell on the terminal ends), then releases them; the container exits with the exit-code file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { dupSuite, type DupBed } from '../helpers/dup-bed.js';
import { mountsUnder, readText } from '../helpers/host-root.js';
import { runImageWithTty, startImage } from '../helpers/run-image.js';

const test = dupSuite('finish image');

/** A root whose host file still says `debug: true` (ignored): the hold comes from --debug alone. */
async function debugRoot(bed: DupBed, repoUrl?: string): Promise<string> {
  const root = await bed.root(repoUrl);
  await writeFile(path.join(root, 'etc/sle-migration-service.yml'), 'debug: true\n');
  return root;
}

const HOLD = /Reboot skipped due to debug flag set/;

test('debug without a terminal: the migration completes, the mounts stay until podman stop, which releases them; exit 0', async ({
  bed,
}) => {
  const root = await debugRoot(bed);
  const running = await startImage({ root, logDir: path.join(root, 'var/log'), args: ['run', '--use-zypper-dup', '--debug'] }, HOLD);
  let stopped: Awaited<ReturnType<typeof running.stop>> | undefined;
  try {
    // The run holds: the bind mounts are still there for inspection inside the container.
    const mounts = await running.exec(['findmnt', '-rn', '-o', 'TARGET']);
    assert.is(mounts.exitCode, 0, mounts.output);
    assert.ok(mounts.output.split('\n').includes('/etc/zypp'), mounts.output);
    assert.ok(mounts.output.split('\n').includes('/usr/lib/zypp/plugins/services'), mounts.output);
    const held = await readText(root, '/var/log/distro_migration.log');
    assert.match(
      held,
      new RegExp(
        `\\[finish\\] Reboot skipped due to debug flag set: the 2 mount\\(s\\) stay for inspection: /etc/zypp, /usr/lib/zypp/plugins/services\\. Inspect with \`podman exec -it ${running.name} bash\`; \`podman stop ${running.name}\` releases the mounts`,
      ),
    );
    assert.not.match(held, /released \d mount/);
  } finally {
    stopped = await running.stop();
  }
  assert.ok(stopped);
  assert.is(stopped.exitCode, 0, stopped.output);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '0');
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /\[finish\] debug hold ended by SIGTERM/);
  assert.match(log, /\[finish\] released 2 mount\(s\); none left/);
  assert.match(log, /Migration succeeded: the host now has SUSE Linux Enterprise Server 15 SP7/);
  assert.equal(await mountsUnder(root), []);
});

test('debug with a terminal: a shell opens in the container with the mounts in place; leaving it releases them; exit 1 of a failed run', async ({
  bed,
}) => {
  const root = await debugRoot(bed, 'http://127.0.0.1:9/unreachable/');
  const { exitCode, output } = await runImageWithTty(
    { root, logDir: path.join(root, 'var/log'), args: ['run', '--use-zypper-dup', '--debug'] },
    'findmnt -rn -o TARGET | grep -c zypp; echo "shell-$((6 * 7))"\nexit\n',
  );
  assert.is(exitCode, 1, output);
  assert.match(output, /A shell in the migration container follows; leave it \(exit\) to release the mounts and end the run/);
  // The shell ran in the container while both bind mounts were still there.
  assert.match(output, /^2\r?$/m, output);
  assert.match(output, /^shell-42\r?$/m, output);
  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /\[finish\] Calling: \/bin\/bash --norc -i/);
  assert.match(log, /\[finish\] released 2 mount\(s\); none left/);
  assert.is((await readText(root, '/var/log/distro_migration.exitcode')).trim(), '1');
  assert.equal(await mountsUnder(root), []);
});

test.run();
