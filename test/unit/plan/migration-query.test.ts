import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computePlan, migrationQueryArgv, parseMigrationTargets } from '../../../entrypoint/plan/dry-run.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { treeHash } from '../../helpers/host-root.js';
import { makeRoot, removeRoot } from '../../helpers/check-root.js';

const exec = new Exec(createLogger({ consoleFd: null }).log);
/** zypper finds external subcommands on PATH: the stand-in plugin answers `zypper migration --query`. */
async function withStandInPlugin<T>(fn: () => Promise<T>): Promise<T> {
  const old = process.env.PATH;
  process.env.PATH = `${path.resolve('test/standins')}:${old}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = old;
  }
}

test('the migration targets of zypper migration --query are read from its numbered list', () => {
  const output = 'Available migrations:\n\n    1 | SUSE Linux Enterprise Server 15 SP7 x86_64\n        Basesystem Module 15 SP7 x86_64\n\n    2 | SUSE Linux Enterprise Server 15 SP6 x86_64\n';
  assert.equal(parseMigrationTargets(output), ['SUSE Linux Enterprise Server 15 SP7 x86_64', 'SUSE Linux Enterprise Server 15 SP6 x86_64']);
  assert.equal(migrationQueryArgv('/view'), ['zypper', 'migration', '--query', '--non-interactive', '--no-selfupdate', '--root', '/view']);
});

test('plugin mode: the offered migrations (migration plugin stand-in) become the plan, and the root stays unchanged', async () => {
  const root = await makeRoot({ '/etc/zypp/standin-migrations': 'SUSE Linux Enterprise Server 15 SP7 x86_64\n' });
  const before = await treeHash(root);
  const plan = await withStandInPlugin(() => computePlan({ exec, root, mode: 'plugin' }));
  assert.equal(plan.migrationTargets, ['SUSE Linux Enterprise Server 15 SP7 x86_64']);
  assert.equal([plan.method, plan.problems, plan.errors], ['migration-query', [], []]);
  assert.match(plan.notes[0]!, /cannot predict package changes/);
  assert.is(await treeHash(root), before);
  await removeRoot(root);
});

test('plugin mode: "No migration available" (migration plugin stand-in) is a problem of the plan', async () => {
  const root = await makeRoot({ '/etc/zypp/.keep': '' });
  const plan = await withStandInPlugin(() => computePlan({ exec, root, mode: 'plugin' }));
  assert.is(plan.problems.length, 1);
  assert.match(plan.problems[0]!, /^No migration available: the registration server offers no migration for this system/);
  await removeRoot(root);
});

test.run();
