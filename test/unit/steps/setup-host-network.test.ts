// setup-host-network: wicked2nm's command line for the host's configuration, and the original's gates before it runs.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NM_SERVER_CONF, wicked2nmArgv, wicked2nmSkipReason } from '../../../entrypoint/steps/setup-host-network.js';
import { stepContext } from '../../helpers/step-context.js';

test("wicked2nm migrates the host's files and gets --continue-migration only when configured", () => {
  // setup_host_network_test.py::test_wicked2nm_migrate_no_activation (the container never activates connections).
  assert.equal(wicked2nmArgv(stepContext('/system-root')), [
    'wicked2nm',
    'migrate',
    '--netconfig-base-dir',
    '/system-root/etc/sysconfig/network',
    '/system-root/var/cache/wicked_config/config.xml',
  ]);
  // ...::test_wicked2nm_migrate_continue: --continue-migration after the XML path.
  assert.equal(wicked2nmArgv(stepContext('/system-root', { network: { 'wicked2nm-continue-migration': true } })).slice(-2), [
    '/system-root/var/cache/wicked_config/config.xml',
    '--continue-migration',
  ]);
});

test('the server configuration is the file NetworkManager-config-server installs', () => {
  assert.is(NM_SERVER_CONF, '/usr/lib/NetworkManager/conf.d/00-server.conf');
});

test("wicked2nm runs only past the original's gates, in its order: wicked enabled, config.xml, wicked2nm, NetworkManager-config-server", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dms-wicked2nm-gates-'));
  try {
    const root = path.join(dir, 'root');
    const bin = path.join(dir, 'bin');
    const serverConf = path.join(dir, 'conf.d/00-server.conf');
    const tools = { searchPath: bin, serverConf };
    const ctx = stepContext(root);
    await mkdir(path.join(root, 'etc/systemd/system/network-online.target.wants'), { recursive: true });
    await mkdir(bin);

    // Every gate closed: the first one (the host does not use wicked) is the reason.
    assert.match(String(await wicked2nmSkipReason(ctx, tools)), /the host does not use wicked/);
    await symlink(
      '/usr/lib/systemd/system/wicked.service',
      path.join(root, 'etc/systemd/system/network-online.target.wants/wicked.service'),
    );
    // ...::test_wicked2nm_migrate_no_config: no cached wicked show-config, nothing else asked.
    assert.match(String(await wicked2nmSkipReason(ctx, tools)), /the host has no \/var\/cache\/wicked_config\/config\.xml/);
    await mkdir(path.join(root, 'var/cache/wicked_config'), { recursive: true });
    await writeFile(path.join(root, 'var/cache/wicked_config/config.xml'), '<interface/>\n');
    assert.is(await wicked2nmSkipReason(ctx, tools), 'wicked configuration not converted: this image has no wicked2nm');
    await writeFile(path.join(bin, 'wicked2nm'), '#!/bin/sh\n');
    await chmod(path.join(bin, 'wicked2nm'), 0o755);
    // ...::test_wicked2nm_nm_config_server_not_installed: wicked2nm there, the server configuration not.
    assert.is(
      await wicked2nmSkipReason(ctx, tools),
      `wicked configuration not converted: this image has no NetworkManager-config-server (${serverConf})`,
    );
    await mkdir(path.dirname(serverConf), { recursive: true });
    await writeFile(serverConf, '[main]\nno-auto-default=*\n');
    assert.is(await wicked2nmSkipReason(ctx, tools), undefined, 'every gate open: wicked2nm runs');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
