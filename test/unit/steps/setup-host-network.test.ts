// setup-host-network: wicked2nm's command line for the host's configuration.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { wicked2nmArgv } from '../../../entrypoint/steps/setup-host-network.js';
import { stepContext } from '../../helpers/step-context.js';

test("wicked2nm migrates the host's files and gets --continue-migration only when configured", () => {
  assert.equal(wicked2nmArgv(stepContext('/system-root')), [
    'wicked2nm',
    'migrate',
    '--netconfig-base-dir',
    '/system-root/etc/sysconfig/network',
    '/system-root/var/cache/wicked_config/config.xml',
  ]);
  assert.equal(
    wicked2nmArgv(stepContext('/system-root', { network: { 'wicked2nm-continue-migration': true } })).at(-1),
    '--continue-migration',
  );
});

test.run();
