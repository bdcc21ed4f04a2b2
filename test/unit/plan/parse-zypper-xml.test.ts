// Tests of parsing zypper dup --dry-run XML output into a plan.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDupXml } from '../../../entrypoint/plan/parse-zypper-xml.js';
import { emptyPlan, packageNames } from '../../../entrypoint/plan/types.js';

const base = () => emptyPlan('dup-dry-run', 'zypper dup --dry-run');

test('the install summary of zypper dup --dry-run becomes lists, sizes and no problems', async () => {
  const plan = parseDupXml(await readFile('test/fixtures/zypper/dup-dry-run.xml', 'utf8'), base());
  assert.is(plan.computed, true);
  assert.is(plan.downloadBytes, 1151121);
  assert.is(plan.spaceUsageDiffBytes, 446);
  assert.is(plan.upgrade.length, 15);
  assert.equal(
    plan.upgrade.find((p) => p.name === 'sles-release'),
    { name: 'sles-release', kind: 'package', arch: 'noarch', edition: '15.7-150700.1.1', editionOld: '12.5-1.1' },
  );
  assert.equal(packageNames(plan.install), ['libfoo2', 'python3-demo', 'sle-module-basesystem-release']);
  assert.equal(
    plan.remove.map((p) => `${p.kind}:${p.name}`),
    ['package:python-demo', 'product:SLES', 'product:sle-module-web-scripting'],
  );
  assert.equal(plan.problems, []);
});

test("a solver problem prompt is kept in the solver's words; broken XML is an error, not an exception", async () => {
  const plan = parseDupXml(await readFile('test/fixtures/zypper/dup-solver-problem.xml', 'utf8'), base());
  assert.is(plan.problems.length, 1);
  assert.match(plan.problems[0]!, /^Problem: legacy-agent-3\.1-1\.noarch requires sles-release < 15/);
  assert.is(plan.computed, false);
  const broken = parseDupXml('<stream><install-summary', base());
  assert.is(broken.computed, false);
  assert.match(broken.errors[0]!, /could not be read/);
});

test('vendor changes and arch changes are read from their own lists (the element names of zypper 1.14: to-change-arch, to-change-vendor)', async () => {
  // An upgrade that changes the architecture is in to-upgrade and to-change-arch; one that changes only the architecture
  // only in to-change-arch (zypper's Summary::readPool): each counts once, as an upgrade.
  const xml = `<?xml version='1.0'?><stream><install-summary download-size="10" space-usage-diff="-5" packages-to-change="3">
<to-upgrade><solvable type="package" name="libz1" edition="1.3-1" arch="x86_64" edition-old="1.2-1" arch-old="i586"/></to-upgrade>
<to-change-arch><solvable type="package" name="libz1" edition="1.3-1" arch="x86_64"/><solvable type="package" name="libbar" edition="2-1" arch="x86_64"/></to-change-arch>
<to-reinstall><solvable type="package" name="agent" edition="1-1" arch="noarch"/></to-reinstall>
<to-change-vendor><solvable type="package" name="agent" edition="1-1" arch="noarch"/></to-change-vendor>
</install-summary></stream>`;
  const plan = parseDupXml(xml, base());
  assert.equal(
    plan.upgrade.map((p) => `${p.name} ${p.editionOld ?? ''}->${p.edition}`),
    ['libz1 1.2-1->1.3-1', 'libbar ->2-1'],
  );
  assert.equal(packageNames(plan.vendorChange), ['agent']);
  assert.is(plan.spaceUsageDiffBytes, -5);
});

test.run();
