// Image test of the host's proxy settings (SPEC 7.2): /etc/sysconfig/proxy reaches zypper and the
// migration plugin (stand-in records its environment), zypper really downloads through the proxy
// with its credentials, and the password reaches no log.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { startForwardProxy } from '../helpers/forward-proxy.js';
import { readText, rpmPackages } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite } from '../helpers/plugin-bed.js';
import { readMigrationRecord } from '../standins/index.js';

const USER = 'proxyuser';
const PASSWORD = 'Pr0xyS3cret';

const test = pluginSuite('prepare: proxy from the host (stand-ins: zypper migration plugin, SCC)');

test('the host proxy settings reach zypper migration (stand-in); zypper downloads through the proxy; the password is in no log', async ({
  bed,
}) => {
  const proxy = await startForwardProxy(USER, PASSWORD);
  try {
    const root = await bed!.registeredRoot();
    const http = `http://${USER}:${PASSWORD}@127.0.0.1:${proxy.port}`;
    const bare = `${USER}:${PASSWORD}@127.0.0.1:${proxy.port}`;
    await mkdir(path.join(root, 'etc/sysconfig'), { recursive: true });
    // No NO_PROXY for 127.0.0.1: the target repository (on loopback) is fetched through the proxy.
    await writeFile(
      path.join(root, 'etc/sysconfig/proxy'),
      `PROXY_ENABLED="yes"
HTTP_PROXY="${http}"
HTTPS_PROXY="${bare}"
FTP_PROXY=""
NO_PROXY="localhost"
`,
    );

    const { exitCode, output } = await migrate(root);
    assert.is(exitCode, 0, output);
    assert.ok((await rpmPackages(root)).get('sles-release')?.startsWith('15.7'));

    const { env, seen } = await readMigrationRecord(path.join(root, 'var/log'));
    assert.is(seen.sysconfigProxy, await readText(root, '/etc/sysconfig/proxy'), 'the container has the host proxy file too');
    assert.equal(
      [env.http_proxy, env.HTTP_PROXY, env.https_proxy, env.HTTPS_PROXY, env.no_proxy, env.NO_PROXY],
      [http, http, bare, bare, 'localhost', 'localhost'],
    );
    assert.not.ok('ftp_proxy' in env, 'empty settings are not exported');
    assert.ok(
      proxy.forwarded.some((url) => url.startsWith(bed!.repoUrl) && url.endsWith('.rpm')),
      `packages came through the proxy, with its credentials: ${proxy.forwarded.slice(0, 5).join(', ')}`,
    );

    const log = await readText(root, '/var/log/distro_migration.log');
    assert.match(
      log,
      /proxy from the host's \/etc\/sysconfig\/proxy, exported to every command .*http_proxy=http:\/\/proxyuser:\*\*\*@127\.0\.0\.1:\d+/,
    );
    for (const file of ['distro_migration.log', 'distro_migration.jsonl', 'zypper.log']) {
      assert.not.ok((await readFile(path.join(root, 'var/log', file), 'utf8')).includes(PASSWORD), `${file} holds the proxy password`);
    }
    assert.not.ok(output.includes(PASSWORD), 'the container output holds the proxy password');
  } finally {
    await proxy.close();
  }
});

test.run();
