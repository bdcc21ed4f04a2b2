// cpu-arch-level: SLE 16 needs x86-64-v2 on x86_64 and POWER10 on ppc64le (SPEC 6.1). As in the original,
// aarch64 and s390x have no CPU level check (its `zypper system-architecture` test only fails on plain x86_64).
import path from 'node:path';
import { readOptional } from '../system/fs.js';
import { fail, notApplicable, pass, type Check, type Finding } from './types.js';

/** CPU flags that make up the x86-64-v2 level (besides the v1 baseline every x86_64 CPU has). */
export const X86_64_V2_FLAGS = ['cx16', 'lahf_lm', 'popcnt', 'sse4_1', 'sse4_2', 'ssse3'];

function unreadable(file: string, what: string): Finding {
  return fail([`${file} cannot be read: the CPU was not checked for ${what}`], {
    severity: 'warning',
    remediation: `check that the machine has ${what} or newer before migrating to SLE 16`,
  });
}

function x86Level(cpuinfo: string, file: string): Finding {
  const line = /^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  if (line === undefined)
    return fail([`no CPU flags in ${file}: the CPU was not checked for x86-64-v2`], {
      severity: 'warning',
      remediation: 'check that the CPU supports x86-64-v2 before migrating to SLE 16',
    });
  const flags = new Set(line.split(/\s+/));
  const missing = X86_64_V2_FLAGS.filter((f) => !flags.has(f));
  if (missing.length === 0) return pass('x86_64 CPU with every x86-64-v2 flag');
  return fail([`the CPU lacks the x86-64-v2 flag(s) ${missing.join(', ')} (from ${file})`], {
    remediation:
      'SLE 16 needs an x86-64-v2 CPU: for a virtual machine, give it a newer CPU model (e.g. host-passthrough); otherwise stay on SLE 15',
  });
}

function powerLevel(cpuinfo: string, file: string): Finding {
  const power = /POWER(\d+)/.exec(cpuinfo);
  if (!power)
    return fail([`no POWER generation found in ${file}`], {
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

export const cpuArchLevel: Check = {
  id: 'cpu-arch-level',
  title: 'The CPU supports the architecture level of the target',
  severity: 'inhibitor',
  sinceMajor: 16,
  async run(ctx) {
    const file = path.join(ctx.procDir, 'cpuinfo');
    const { arch } = ctx.facts;
    if (arch === 'x86_64') {
      const cpuinfo = await readOptional(file);
      return cpuinfo === undefined ? unreadable(file, 'x86-64-v2') : x86Level(cpuinfo, file);
    }
    if (arch === 'ppc64le' || arch === 'ppc64') {
      const cpuinfo = await readOptional(file);
      return cpuinfo === undefined ? unreadable(file, 'POWER10') : powerLevel(cpuinfo, file);
    }
    return notApplicable(`${arch}: no CPU level requirement checked`);
  },
};
