// Image test of the host's proxy settings (SPEC 7.2): /etc/sysconfig/proxy reaches zypper and the
// migration plugin (stand-in records its environment), and its password reaches no log.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { readText, rpmPackages } from '../helpers/host-root.js';
import { migrateWithStandins as migrate, pluginSuite } from '../helpers/plugin-bed.js';
import { readMigrationRecord } from '../standins/index.js';

const PASSWORD = 'Pr0xyS3cret';
const PROXY = `http://proxyuser:${PASSWORD}@127.0.0.1:3128`;
// Loopback (the repository and SCC stand-ins) bypasses the proxy, which does not exist.
const PROXY_FILE = `## Path:        Network/Proxy
# Enable a generation of the proxy settings to the profile.
PROXY_ENABLED="yes"
HTTP_PROXY="${PROXY}"
HTTPS_PROXY="proxyuser:${PASSWORD}@127.0.0.1:3128"
FTP_PROXY=""
NO_PROXY="localhost,127.0.0.1"
`;

const test = pluginSuite('prepare: proxy from the host (stand-ins: zypper migration plugin, SCC)');

test('the host proxy settings reach zypper migration (stand-in) in both cases; the password is in no log', async ({ bed }) => {
  const root = await bed!.registeredRoot();
  await mkdir(path.join(root, 'etc/sysconfig'), { recursive: true });
  await writeFile(path.join(root, 'etc/sysconfig/proxy'), PROXY_FILE);

  const { exitCode, output } = await migrate(root);
  assert.is(exitCode, 0, output);
  assert.ok((await rpmPackages(root)).get('sles-release')?.startsWith('15.7'));

  const { env } = await readMigrationRecord(path.join(root, 'var/log'));
  assert.is(env.http_proxy, PROXY);
  assert.is(env.HTTP_PROXY, PROXY);
  assert.is(env.https_proxy, `proxyuser:${PASSWORD}@127.0.0.1:3128`);
  assert.is(env.HTTPS_PROXY, `proxyuser:${PASSWORD}@127.0.0.1:3128`);
  assert.is(env.no_proxy, 'localhost,127.0.0.1');
  assert.is(env.NO_PROXY, 'localhost,127.0.0.1');
  assert.not.ok('ftp_proxy' in env, 'empty settings are not exported');

  const log = await readText(root, '/var/log/distro_migration.log');
  assert.match(log, /proxy from the host's \/etc\/sysconfig\/proxy, exported to every command .*http_proxy=http:\/\/proxyuser:\*\*\*@127\.0\.0\.1:3128/);
  assert.match(log, /Using proxy proxyuser:\*\*\*@127\.0\.0\.1:3128/, 'the plugin (stand-in) output is masked too');
  for (const file of ['distro_migration.log', 'distro_migration.jsonl', 'zypper.log']) {
    assert.not.ok((await readFile(path.join(root, 'var/log', file), 'utf8')).includes(PASSWORD), `${file} holds the proxy password`);
  }
  assert.not.ok(output.includes(PASSWORD), 'the container output holds the proxy password');
});

test.run();
