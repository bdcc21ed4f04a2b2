// Tests of the cpu-arch-level check: synthetic /proc/cpuinfo files, the original's cpu_arch tests, and bed roots of every SLES architecture.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuArchLevel } from '../../../entrypoint/checks/cpu-arch-level.js';
import { evaluateCheck } from '../../../entrypoint/checks/run-checks.js';
import { SLE_ARCHES, type SleArch } from '../../bed/arch.js';
import { makeSystemRoot, removeSystemRoot } from '../../bed/system-root.js';
import { checkContext, makeRoot, removeRoot, rootCheckContext } from '../../helpers/check-root.js';

const V1 = 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall nx lm\n';
const V2 = V1.replace(' lm\n', ' lm cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3\n');

/** /proc/cpuinfo excerpts of each architecture (the lines the kernel prints there). */
const CPUINFO: Record<SleArch, { old: string; current: string }> = {
  x86_64: { old: `processor\t: 0\nvendor_id\t: GenuineIntel\n${V1}`, current: `processor\t: 0\nvendor_id\t: GenuineIntel\n${V2}` },
  aarch64: {
    old: 'processor\t: 0\nBogoMIPS\t: 100.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\n',
    current:
      'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\n',
  },
  ppc64le: {
    old: 'processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\nclock\t\t: 2200.000000MHz\nrevision\t: 2.2 (pvr 004e 1202)\n',
    current:
      'processor\t: 0\ncpu\t\t: POWER10 (architected), altivec supported\nclock\t\t: 2750.000000MHz\nrevision\t: 2.0 (pvr 0080 0200)\n',
  },
  s390x: {
    old: 'vendor_id       : IBM/S390\n# processors    : 2\nfeatures\t: esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te\nprocessor 0: version = FF,  identification = 0133E8,  machine = 2964\n',
    current:
      'vendor_id       : IBM/S390\n# processors    : 2\nfeatures\t: esan3 zarch stfle msa ldisp eimm dfp edat etf3eh highgprs te vx vxd vxe gs sie\nprocessor 0: version = FF,  identification = 0133E8,  machine = 3931\n',
  },
};

/** What the check decides for the older and the current CPU of each architecture (the original: x86-64-v2 and POWER10 only). */
const EXPECTED: Record<SleArch, { old: boolean; current: boolean }> = {
  x86_64: { old: false, current: true },
  aarch64: { old: true, current: true },
  ppc64le: { old: false, current: true },
  s390x: { old: true, current: true },
};

for (const arch of SLE_ARCHES) {
  test(`${arch} bed root (arch from its base product): the older CPU ${EXPECTED[arch].old ? 'passes' : 'inhibits SLE 16'}, the current one passes; SLE 15 targets are not checked`, async () => {
    const root = await makeSystemRoot({ targetRepoUrl: 'http://127.0.0.1:9/unused/', arch });
    try {
      const procDir = path.join(root, '.test-proc');
      await mkdir(procDir);
      const ctx = { ...(await rootCheckContext(root)), procDir };
      assert.is(ctx.facts.arch, arch);
      for (const cpu of ['old', 'current'] as const) {
        await writeFile(path.join(procDir, 'cpuinfo'), CPUINFO[arch][cpu]);
        const finding = await cpuArchLevel.run(ctx);
        assert.is(finding.ok, EXPECTED[arch][cpu], `${cpu}: ${finding.evidence.join('; ')}`);
        if (!finding.ok) assert.is(finding.severity, undefined, 'an inhibitor (the check default), not a warning');
      }
      await writeFile(path.join(procDir, 'cpuinfo'), CPUINFO[arch].old);
      const sle15 = await evaluateCheck(cpuArchLevel, { ...(await rootCheckContext(root, { targetVersionId: '15.7' })), procDir });
      assert.is(sle15.status, 'not-applicable');
    } finally {
      await removeSystemRoot(root);
    }
  });
}

test('original test_check_x86_64_v1: an x86_64 CPU without the x86-64-v2 flags inhibits a SLE 16 migration', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': V1 });
  const finding = await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc') }));
  assert.is(finding.ok, false);
  assert.match(finding.evidence[0]!, /cx16, lahf_lm, popcnt, sse4_1, sse4_2, ssse3/);
  await removeRoot(root);
});

test('original test_check_x86_64_v2 and _v1_sle15: an x86-64-v2 CPU passes, and a SLE 15 target has no CPU level requirement', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': V2 });
  assert.is((await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc') }))).ok, true);
  await removeRoot(root);
  const old = await makeRoot({ '/proc/cpuinfo': V1 });
  const result = await evaluateCheck(
    cpuArchLevel,
    checkContext(old, { procDir: path.join(old, 'proc'), facts: { targetVersionId: '15.7' } }),
  );
  assert.is(result.status, 'not-applicable', 'not judged, and not reported as passed');
  assert.match(result.evidence[0]!, /^the target, SUSE Linux Enterprise 15 SP7, is not SLE 16$/);
  assert.not.ok((await cpuArchLevel.run(checkContext(old, { procDir: path.join(old, 'proc') }))).ok, 'the same CPU fails a SLE 16 target');
  await removeRoot(old);
});

test('original test_check_power9_sle16 and test_check_power10_sle16: POWER9 inhibits SLE 16 on ppc64le, POWER10 (raw) passes', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': 'cpu\t\t: POWER9 (architected), altivec supported\n' });
  const p9 = await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc'), facts: { arch: 'ppc64le' } }));
  assert.is(p9.ok, false);
  assert.match(p9.evidence[0]!, /^POWER9: SLE 16 needs POWER10 or newer$/);
  await removeRoot(root);
  const p10 = await makeRoot({ '/proc/cpuinfo': 'cpu\t\t: POWER10 (raw), altivec supported\n' });
  assert.equal(await cpuArchLevel.run(checkContext(p10, { procDir: path.join(p10, 'proc'), facts: { arch: 'ppc64le' } })), {
    ok: true,
    evidence: ['POWER10'],
  });
  await removeRoot(p10);
});

test('original test_check_power_unparseable_cpuinfo and test_check_power10_cpuinfo_read_error: warnings, not inhibitors', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': 'cpu\t\t: Unknown CPU\n' });
  const proc = path.join(root, 'proc');
  const unknown = await cpuArchLevel.run(checkContext(root, { procDir: proc, facts: { arch: 'ppc64le' } }));
  assert.equal(unknown.ok ? undefined : [unknown.evidence, unknown.severity], [
    [`no POWER generation found in ${proc}/cpuinfo`],
    'warning',
  ]);
  const missing = await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'none'), facts: { arch: 'ppc64le' } }));
  assert.equal(missing.ok ? undefined : [missing.evidence, missing.severity], [
    [`${root}/none/cpuinfo cannot be read: the CPU was not checked for POWER10`],
    'warning',
  ]);
  await removeRoot(root);
});

test('original test_check_power10_non_power_arch: x86_64 never looks for POWER; an unreadable cpuinfo on x86_64 is a warning too', async () => {
  const root = await makeRoot({ '/proc/cpuinfo': `cpu\t\t: POWER8\n${V2}` });
  assert.is((await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'proc') }))).ok, true);
  const missing = await cpuArchLevel.run(checkContext(root, { procDir: path.join(root, 'none') }));
  assert.equal(missing.ok ? undefined : [missing.evidence, missing.severity], [
    [`${root}/none/cpuinfo cannot be read: the CPU was not checked for x86-64-v2`],
    'warning',
  ]);
  await removeRoot(root);
});

test.run();
