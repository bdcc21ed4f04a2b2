// cpu-arch-level: SLE 16 needs x86-64-v2 on x86_64 and POWER10 on ppc64le (SPEC 6.1).
import path from 'node:path';
import { readOptional } from '../system/fs.js';
import { fail, pass, type Check } from './types.js';

/** CPU flags that make up the x86-64-v2 level (besides the v1 baseline every x86_64 CPU has). */
export const X86_64_V2_FLAGS = ['cx16', 'lahf_lm', 'popcnt', 'sse4_1', 'sse4_2', 'ssse3'];

export const cpuArchLevel: Check = {
  id: 'cpu-arch-level',
  title: 'The CPU supports the architecture level of the target',
  severity: 'inhibitor',
  sinceMajor: 16,
  async run(ctx) {
    const cpuinfo = await readOptional(path.join(ctx.procDir, 'cpuinfo'));
    if (ctx.facts.arch === 'x86_64') {
      const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(cpuinfo ?? '')?.[1] ?? '').split(/\s+/));
      const missing = X86_64_V2_FLAGS.filter((f) => !flags.has(f));
      if (missing.length === 0) return pass('x86_64 CPU with every x86-64-v2 flag');
      return fail([`the CPU lacks the x86-64-v2 flag(s) ${missing.join(', ')} (from ${ctx.procDir}/cpuinfo)`], {
        remediation:
          'SLE 16 needs an x86-64-v2 CPU: for a virtual machine, give it a newer CPU model (e.g. host-passthrough); otherwise stay on SLE 15',
      });
    }
    if (ctx.facts.arch === 'ppc64le' || ctx.facts.arch === 'ppc64') {
      const power = /POWER(\d+)/.exec(cpuinfo ?? '');
      if (!power)
        return fail(['no POWER generation found in /proc/cpuinfo'], {
          severity: 'warning',
          remediation: 'check that the machine is POWER10 or newer',
        });
      const gen = Number(power[1]);
      return gen >= 10
        ? pass(`POWER${gen}`)
        : fail([`POWER${gen}: SLE 16 needs POWER10 or newer`], {
            remediation: 'move the system to POWER10 or newer hardware, or stay on SLE 15',
          });
    }
    return pass(`${ctx.facts.arch}: no CPU level requirement checked`);
  },
};
