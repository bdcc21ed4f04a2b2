// Tests of the cpu-arch-level check against synthetic /proc/cpuinfo files.
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateCheck } from '../../../entrypoint/checks/run-checks.js';
import { cpuArchLevel } from '../../../entrypoint/checks/cpu-arch-level.js';
import { checkContext, makeRoot, removeRoot } from '../../helpers/check-root.js';

const V1 = 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall nx lm\n';
const V2 = V1.replace(' lm\n', ' lm cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3\n');

test('an x86_64 CPU without the x86-64-v2 flags inhibits a SLE 16 migration', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': V1 });
  const finding = await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc') }));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /cx16, lahf_lm, popcnt, sse4_1, sse4_2, ssse3/);
  await removeRoot(root);
});

test('an x86-64-v2 CPU passes, and a SLE 15 target has no CPU level requirement', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': V2 });
  assert.is((await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc') }))).ok, true);
  await removeRoot(root);
  const old = await makeRoot({ '/proc/cpuinfo': V1 });
  const result = await evaluateCheck(
    cpuArchLevel,
    checkContext(old, { procDir: path.join(old, 'proc'), facts: { targetVersionId: '15.7' } }),
  );
  assert.is(result.status, 'passed');
  assert.match(result.evidence[0]!, /^not applicable: the target 15\.7 is not SLE 16$/);
  assert.not.ok((await cpuArchLevel.run(checkContext(old, { procDir: path.join(old, 'proc') }))).ok, 'the same CPU fails a SLE 16 target');
  await removeRoot(old);
});

test('POWER9 inhibits SLE 16 on ppc64le, POWER10 passes', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': 'cpu\t\t: POWER9 (architected), altivec supported\n' });
  assert.is((await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc'), facts: { arch: 'ppc64le' } }))).ok, false);
  await removeRoot(root);
  const p10 = await makeRoot({ '/proc/cpuinfo': 'cpu\t\t: POWER10 (architected)\n' });
  assert.is((await cpuArchLevel.run(checkContext(p10, { procDir: path.join(p10, 'proc'), facts: { arch: 'ppc64le' } }))).ok, true);
  await removeRoot(p10);
});

test.run();
