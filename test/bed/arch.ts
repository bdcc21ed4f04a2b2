// The machine's RPM architecture name (what `rpm --eval %_arch` prints), without spawning rpm.
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
