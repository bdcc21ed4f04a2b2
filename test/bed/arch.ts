// The machine's RPM architecture name (what `rpm --eval %_arch` prints), without spawning rpm, and the
// architectures SLES runs on, whose beds this x86 machine builds too (rpmbuild --target, zypp.conf arch).
import os from 'node:os';

export function machineArch(): string {
  switch (process.arch) {
    case 'x64':
      return 'x86_64';
    case 'arm64':
      return 'aarch64';
    case 's390x':
      return 's390x';
    case 'ppc64':
      return os.endianness() === 'LE' ? 'ppc64le' : 'ppc64';
    case 'ia32':
      return 'i686';
    default:
      return process.arch;
  }
}

/** The architectures of SUSE Linux Enterprise Server. */
export const SLE_ARCHES = ['x86_64', 'aarch64', 'ppc64le', 's390x'] as const;
export type SleArch = (typeof SLE_ARCHES)[number];

/** Whether a bed of `arch` is foreign to this machine: its packages are built with --target, its zypper told the arch. */
export function isForeign(arch: string): boolean {
  return arch !== machineArch();
}
