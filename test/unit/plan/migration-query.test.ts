// Tests of the plugin-mode plan (zypper migration --query) with the plugin and SCC stand-ins.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computePlan, parseMigrationTargets } from '../../../entrypoint/plan/dry-run.js';
import { migrationQueryArgv } from '../../../entrypoint/system/zypper.js';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { treeHash } from '../../helpers/host-root.js';
import { makeRoot, removeRoot } from '../../helpers/check-root.js';
import { SCC_PASSWORD, SCC_USER, startSccStandin } from '../../standins/index.js';

const exec = new Exec(createLogger({ consoleFd: null }).log);
const SLES157 = { identifier: 'SLES', version: '15.7', arch: 'x86_64', repo_url: 'http://127.0.0.1:9/unused/' };

/** zypper runs external subcommands found on PATH: the stand-in plugin answers `zypper migration --query`. */
async function withStandInPlugin<T>(fn: () => Promise<T>): Promise<T> {
  const old = process.env.PATH;
  process.env.PATH = `${path.resolve('test/standins')}:${old}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = old;
  }
}

async function registeredRoot(url: string): Promise<string> {
  return makeRoot({
    '/etc/SUSEConnect': `url: ${url}\n`,
    '/etc/zypp/credentials.d/SCCcredentials': `username=${SCC_USER}\npassword=${SCC_PASSWORD}\n`,
  });
}

test('the migration targets of zypper migration --query are read from its numbered list', () => {
  const output =
    'Available migrations:\n\n    1 | SUSE Linux Enterprise Server 15 SP7 x86_64\n        Basesystem Module 15 SP7 x86_64\n\n    2 | SUSE Linux Enterprise Server 15 SP6 x86_64\n';
  assert.equal(parseMigrationTargets(output), ['SUSE Linux Enterprise Server 15 SP7 x86_64', 'SUSE Linux Enterprise Server 15 SP6 x86_64']);
  assert.equal(migrationQueryArgv('/view', 'SLES/15.7/x86_64'), [
    'zypper',
    'migration',
    '--query',
    '--non-interactive',
    '--no-selfupdate',
    '--product',
    'SLES/15.7/x86_64',
    '--root',
    '/view',
  ]);
});

test('plugin mode: the offered migration (plugin and SCC stand-ins) becomes the plan, and the root stays unchanged', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, migrations: { 'SLES/15.7/x86_64': [SLES157] } });
  const root = await registeredRoot(scc.url);
  const before = await treeHash(root);
  const plan = await withStandInPlugin(() => computePlan({ exec, root, mode: 'plugin', product: 'SLES/15.7/x86_64' }));
  assert.equal(plan.migrationTargets, ['SLES 15.7 x86_64']);
  assert.equal([plan.method, plan.problems, plan.errors], ['migration-query', [], []]);
  assert.match(plan.notes[0]!, /cannot predict package changes/);
  assert.is(await treeHash(root), before);
  await scc.close();
  await removeRoot(root);
});

test('plugin mode: "No migration available" (plugin and SCC stand-ins) is a problem of the plan', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, migrations: {} });
  const root = await registeredRoot(scc.url);
  const plan = await withStandInPlugin(() => computePlan({ exec, root, mode: 'plugin', product: 'SLES/16.0/x86_64' }));
  assert.is(plan.problems.length, 1);
  assert.match(plan.problems[0]!, /^No migration available: the registration server offers no migration for this system/);
  await scc.close();
  await removeRoot(root);
});

test.run();
