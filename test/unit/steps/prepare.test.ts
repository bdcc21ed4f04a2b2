// prepare: a host without /etc/zypp stops the step before anything is mounted (the original failed on the bind mount).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StepError } from '../../../entrypoint/errors.js';
import { bindZypp, ZYPP_BINDS } from '../../../entrypoint/steps/prepare.js';
import { stepContext } from '../../helpers/step-context.js';

test("the host's zypp configuration and service plugins are what prepare binds (prepare_test.py::test_main)", () => {
  assert.equal(ZYPP_BINDS, ['/etc/zypp', '/usr/lib/zypp/plugins/services']);
});

test('no /etc/zypp on the host: prepare stops with one line, nothing mounted (prepare_test.py::test_main_raises_on_zypp_bind)', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'dms-prepare-'));
  const ctx = stepContext(root);
  try {
    await bindZypp(ctx);
    assert.unreachable('must throw');
  } catch (err) {
    assert.instance(err, StepError);
    assert.is((err as Error).message, 'the host has no /etc/zypp');
    assert.match((err as StepError).hint ?? '', /does not look like a SUSE system with zypper/);
    assert.equal(ctx.mounts.list(), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
