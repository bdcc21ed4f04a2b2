// Tests of the check runner (errors, severities) and of the registry.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECKS, CHECK_IDS } from '../../../entrypoint/checks/registry.js';
import { evaluateChecks } from '../../../entrypoint/checks/run-checks.js';
import { fail, type Check } from '../../../entrypoint/checks/types.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

test('a check that throws is reported with status error, and a finding may raise or lower the severity', async () => {
  const root = await makeRoot();
  const broken: Check = {
    id: 'broken',
    title: 'Broken',
    severity: 'warning',
    run: async () => {
      throw new Error('boom');
    },
  };
  const soft: Check = {
    id: 'soft',
    title: 'Soft',
    severity: 'inhibitor',
    remediation: 'do X',
    docs: 'user-guide.md#soft',
    run: async () => fail(['e'], { severity: 'info', commands: ['zypper removelock x'] }),
  };
  const results = await evaluateChecks([broken, soft], checkContext(root));
  assert.equal(results, [
    {
      id: 'broken',
      title: 'Broken',
      docs: 'report.md#the-checks',
      severity: 'warning',
      status: 'error',
      evidence: ['the check could not run: boom'],
    },
    {
      id: 'soft',
      title: 'Soft',
      docs: 'user-guide.md#soft',
      severity: 'info',
      status: 'failed',
      evidence: ['e'],
      remediation: 'do X',
      commands: ['zypper removelock x'],
    },
  ]);
  await removeRoot(root);
});

test('the registry has every check once, with ids that are stable slugs', () => {
  assert.is(new Set(CHECK_IDS).size, CHECKS.length);
  assert.equal(CHECK_IDS, [
    'inside-container',
    'source-release',
    'rpm-database',
    'single-base-product',
    'supported-path',
    'registration-present',
    'registration-migration-path',
    'repos-remote',
    'third-party',
    'zypper-locks',
    'solver-plan',
    'free-space',
    'cpu-arch-level',
    'encrypted-root',
    'xfs-v4',
    'multiversion-kernels',
    'lsm-apparmor',
    'ha-cluster',
    'wicked-to-networkmanager',
    'sshd-root-login',
  ]);
  for (const id of CHECK_IDS) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('a check for SLE 16 and later (sinceMajor) does not run for a SLE 15 target, and says so', async () => {
  const root = await makeRoot();
  const sle16: Check = {
    id: 'sle16-only',
    title: 'SLE 16 only',
    severity: 'inhibitor',
    sinceMajor: 16,
    run: async () => {
      throw new Error('ran');
    },
  };
  const [for15] = await evaluateChecks([sle16], checkContext(root, { facts: { targetVersionId: '15.7' } }));
  assert.equal([for15?.status, for15?.evidence], ['not-applicable', ['the target, SUSE Linux Enterprise 15 SP7, is not SLE 16']]);
  const [for16] = await evaluateChecks([sle16], checkContext(root, { facts: { targetVersionId: '16.0' } }));
  assert.equal(for16?.evidence, ['the check could not run: ran']);
  assert.equal(
    CHECKS.filter((c) => c.sinceMajor === 16).map((c) => c.id),
    ['cpu-arch-level', 'lsm-apparmor', 'ha-cluster', 'wicked-to-networkmanager', 'sshd-root-login'],
  );
  await removeRoot(root);
});

test.run();
