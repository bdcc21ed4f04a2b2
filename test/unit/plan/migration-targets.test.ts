// Plugin mode's plan from the registration server (SCC stand-in): the offered migrations, "No migration available"
// as a problem, errors; the plugin is not run (its --query under --non-interactive would migrate) and the root is unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../../entrypoint/log/logger.js';
import { computePlan } from '../../../entrypoint/plan/dry-run.js';
import { Exec } from '../../../entrypoint/system/exec.js';
import { makeRoot, removeRoot } from '../../helpers/check-root.js';
import { treeHash } from '../../helpers/host-root.js';
import { SCC_PASSWORD, SCC_USER, startSccStandin } from '../../standins/index.js';

const exec = new Exec(createLogger({ consoleFd: null }).log);
const SLES157 = {
  identifier: 'SLES',
  version: '15.7',
  arch: 'x86_64',
  friendly_name: 'SUSE Linux Enterprise Server 15 SP7 x86_64',
  base: true,
  product_type: 'base',
};
const INSTALLED = [{ identifier: 'SLES', version: '12.5', arch: 'x86_64' }];

async function registeredRoot(url: string): Promise<string> {
  return makeRoot({
    '/etc/SUSEConnect': `url: ${url}\n`,
    '/etc/zypp/credentials.d/SCCcredentials': `username=${SCC_USER}\npassword=${SCC_PASSWORD}\n`,
  });
}

test('the offered migration becomes the plan, asked as zypper migration asks (installed products, target), the root unchanged', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: { 'SLES/15.7/x86_64': [[SLES157]] } });
  const root = await registeredRoot(scc.url);
  const before = await treeHash(root);
  const plan = await computePlan({ exec, root, mode: 'plugin', product: 'SLES/15.7/x86_64', installed: INSTALLED });
  assert.equal(plan.migrationTargets, ['SUSE Linux Enterprise Server 15 SP7 x86_64']);
  assert.equal([plan.method, plan.problems, plan.errors], ['migration-query', [], []]);
  assert.match(
    plan.command,
    /^POST http:\/\/127\.0\.0\.1:\d+\/connect\/systems\/products\/offline_migrations for SLES\/15\.7\/x86_64 \(as zypper migration asks; the plugin is not run\)$/,
  );
  assert.match(plan.notes[0]!, /cannot predict package changes/);
  assert.equal(scc.requests.at(-1)?.body, {
    installed_products: INSTALLED,
    target_base_product: { identifier: 'SLES', version: '15.7', arch: 'x86_64' },
  });
  assert.is(await treeHash(root), before);
  await scc.close();
  await removeRoot(root);
});

test('"No migration available" is a problem of the plan; refused credentials and an unregistered host are errors', async () => {
  const scc = await startSccStandin({ username: SCC_USER, password: SCC_PASSWORD, offline: {} });
  const root = await registeredRoot(scc.url);
  const none = await computePlan({ exec, root, mode: 'plugin', product: 'SLES/16.0/x86_64', installed: INSTALLED });
  assert.equal(none.problems, [
    `No migration available: the registration server ${scc.url} offers no migration of this system to SLES/16.0/x86_64`,
  ]);
  const other = await startSccStandin({ username: SCC_USER, password: 'another', offline: {} });
  const wrong = await registeredRoot(other.url);
  const refused = await computePlan({ exec, root: wrong, mode: 'plugin', product: 'SLES/16.0/x86_64', installed: INSTALLED });
  assert.match(
    refused.errors[0]!,
    /^the migration targets could not be asked for: .* answered for SLES\/16\.0\/x86_64: Invalid system credentials/,
  );
  const bare = await makeRoot({});
  const unregistered = await computePlan({ exec, root: bare, mode: 'plugin', product: 'SLES/16.0/x86_64', installed: INSTALLED });
  assert.match(unregistered.errors[0]!, /no registration credentials: https:\/\/scc\.suse\.com cannot be asked/);
  for (const s of [scc, other]) await s.close();
  for (const r of [root, wrong, bare]) await removeRoot(r);
});

test.run();
