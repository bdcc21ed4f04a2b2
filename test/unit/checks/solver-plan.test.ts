// Tests of the solver-plan check with plans parsed from real zypper XML output.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { solverPlan } from '../../../entrypoint/checks/solver-plan.js';
import { parseDupXml } from '../../../entrypoint/plan/parse-zypper-xml.js';
import { emptyPlan } from '../../../entrypoint/plan/types.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

const fixture = (name: string) => readFile(`test/fixtures/zypper/${name}`, 'utf8');

test("a solver problem (zypper dup --dry-run XML) inhibits with the solver's own text", async () => {
  const root = await makeRoot();
  const plan = parseDupXml(await fixture('dup-solver-problem.xml'), emptyPlan('dup-dry-run', 'zypper dup --dry-run'));
  const finding = await solverPlan.run(checkContext(root, { plan }));
  assert.is(finding.ok, false);
  assert.match(
    finding.evidence[0]!,
    /^Problem: legacy-agent-3\.1-1\.noarch requires sles-release < 15, but this requirement cannot be provided/,
  );
  assert.match(finding.evidence[0]!, /Solution 2: remove lock to allow removal of legacy-agent-3\.1-1\.noarch/);
  await removeRoot(root);
});

test('a plan without problems passes with its figures', async () => {
  const root = await makeRoot();
  const plan = parseDupXml(await fixture('dup-dry-run.xml'), emptyPlan('dup-dry-run', 'zypper dup --dry-run'));
  assert.equal(await solverPlan.run(checkContext(root, { plan })), {
    ok: true,
    evidence: ['15 to upgrade, 3 to install, 3 to remove, 0 to downgrade, 0 to change vendor'],
  });
  await removeRoot(root);
});

test.run();
