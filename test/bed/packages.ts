// Package definitions of the synthetic "SLES 12 SP5" and "SLES 15 SP7" repositories.
import { isForeign, type SleArch } from './arch.js';
import type { FileDef, PackageDef, RepoDef } from './model.js';
import { osRelease, prodXml, productProvides, type ProductInfo } from './products.js';

/** Where the busybox binary packaged into the fixture RPM comes from (Debian's busybox-static). */
export const BUSYBOX_SOURCE = '/bin/busybox';
/** Every scriptlet of the bed appends a line "<phase> <name> <version> <$1>" here (inside the root). */
export const SCRIPTLET_LOG = '/var/lib/demo-scriptlets.log';

const file = (path: string, content: string, mode = 0o644): FileDef => ({ kind: 'file', path, content, mode });
const script = (path: string, body: string): FileDef => file(path, `#!/bin/sh\n${body}\n`, 0o755);
const dir = (path: string, mode = 0o755): FileDef => ({ kind: 'dir', path, mode });
const link = (path: string, target: string): FileDef => ({ kind: 'symlink', path, target });
const config = (path: string, content: string, noreplace: boolean): FileDef => ({
  kind: 'file',
  path,
  content,
  mode: 0o644,
  config: noreplace ? 'noreplace' : 'config',
});

/** The name of the kernel image the kernel packages of each architecture ship: /boot/<name>-<uname -r>. */
export const KERNEL_IMAGE: Record<SleArch, string> = { x86_64: 'vmlinuz', aarch64: 'Image', ppc64le: 'vmlinux', s390x: 'image' };

export function kernelImage(arch: string): string {
  return KERNEL_IMAGE[arch as SleArch] ?? 'vmlinuz';
}

const logLine = (phase: string, name: string, version: string) => `echo "${phase} ${name} ${version} $1" >> ${SCRIPTLET_LOG}`;

function pkg(p: Omit<PackageDef, 'noarch'> & { noarch?: boolean }): PackageDef {
  return { noarch: true, ...p };
}

/** Package with %post and %postun scriptlets that leave evidence in SCRIPTLET_LOG. */
function withEvidence(p: PackageDef, phases: Array<'pre' | 'post' | 'preun' | 'postun'> = ['post', 'postun']): PackageDef {
  const scripts: PackageDef['scripts'] = { ...p.scripts };
  for (const ph of phases) scripts[ph] = [scripts[ph], logLine(ph, p.name, p.version)].filter(Boolean).join('\n');
  return { ...p, scripts, requiresPost: [...(p.requiresPost ?? []), '/bin/sh', 'filesystem'] };
}

const FILESYSTEM_DIRS: FileDef[] = [
  ...[
    '/bin',
    '/boot',
    '/dev',
    '/etc',
    '/etc/products.d',
    '/etc/profile.d',
    '/home',
    '/lib',
    '/lib/modules',
    '/lib64',
    '/mnt',
    '/opt',
    '/proc',
    '/run',
    '/sbin',
    '/srv',
    '/sys',
    '/usr',
    '/usr/bin',
    '/usr/include',
    '/usr/lib',
    '/usr/lib64',
    '/usr/sbin',
    '/usr/share',
    '/usr/share/doc',
    '/var',
    '/var/cache',
    '/var/lib',
    '/var/log',
  ].map((p) => dir(p)),
  dir('/root', 0o700),
  dir('/tmp', 0o1777),
  dir('/var/tmp', 0o1777),
];

interface Gen {
  major: 12 | 15;
  sp: number;
  /** Release string used for most packages of this generation. */
  rel: string;
  target: string;
}

function commonPackages(g: Gen, arch: string): PackageDef[] {
  const tag = `SLES ${g.major} SP${g.sp}`;
  const v = (v12: string, v15: string) => (g.major === 12 ? v12 : v15);
  const kver = v('4.12.14', '6.4.0');
  const krel = v('122.37.1', '150700.53.3.1');
  const kuname = `${kver}-${krel.split('.').slice(0, -1).join('.')}-default`;
  const sles: ProductInfo = {
    name: 'SLES',
    version: `${g.major}.${g.sp}`,
    baseversion: String(g.major),
    patchlevel: String(g.sp),
    summary: `SUSE Linux Enterprise Server ${g.major} SP${g.sp}`,
    target: g.target,
    arch,
    cpeid: `cpe:/o:suse:sles:${g.major}:sp${g.sp}`,
  };
  const webVersion = v('12', '15.7');
  const web: ProductInfo = {
    name: 'sle-module-web-scripting',
    version: webVersion,
    baseversion: String(g.major),
    patchlevel: v('0', '7'),
    summary: `Web and Scripting Module ${g.major}`,
    target: g.target,
    arch,
    flavor: 'module',
  };
  const slesFiles: FileDef[] = [
    file('/etc/os-release', osRelease(g.major, g.sp)),
    file('/etc/products.d/SLES.prod', prodXml(sles)),
    link('/etc/products.d/baseproduct', 'SLES.prod'),
  ];
  if (g.major === 12) {
    slesFiles.push(file('/etc/SuSE-release', `SUSE Linux Enterprise Server 12 (${arch})\nVERSION = 12\nPATCHLEVEL = 5\n`));
  }
  const out: PackageDef[] = [
    pkg({ name: 'filesystem', version: v('12.5', '15.7'), release: g.rel, summary: 'Basic directory layout', files: FILESYSTEM_DIRS }),
    pkg({
      name: 'busybox',
      version: '1.35.0',
      release: v('1.1', '150700.3.1'),
      noarch: false,
      autoReqProv: false,
      summary: "Static busybox, the root's /bin/sh",
      requires: ['filesystem'],
      files: [{ kind: 'copy', path: '/usr/bin/busybox', from: BUSYBOX_SOURCE, mode: 0o755 }, link('/bin/sh', '/usr/bin/busybox')],
    }),
    pkg({
      name: 'glibc',
      version: v('2.22', '2.38'),
      release: v('62.22.5', '150600.14.17.2'),
      summary: 'Standard C library (stub)',
      requires: ['filesystem'],
      provides: [`glibc-abi = ${v('2.22', '2.38')}`],
      files: [file('/usr/lib64/glibc-demo/VERSION', `glibc ${v('2.22', '2.38')} (${tag})\n`)],
    }),
    withEvidence(
      pkg({
        name: 'aaa_base',
        version: v('13.2+git20140911.61c1681', '84.87+git20180409.04c9dae'),
        release: g.rel,
        summary: 'Base files',
        requires: ['filesystem', 'busybox', 'glibc'],
        files: [file('/etc/profile.d/demo.sh', `# aaa_base of ${tag}\nexport DEMO_BASE=${g.major}\n`)],
      }),
    ),
    pkg({
      name: 'coreutils-lite',
      version: v('8.25', '8.32'),
      release: g.rel,
      summary: 'Core utilities (busybox wrappers)',
      requires: ['busybox', 'glibc'],
      files: [script('/usr/bin/demo-ls', 'exec /usr/bin/busybox ls "$@"'), script('/usr/bin/demo-cat', 'exec /usr/bin/busybox cat "$@"')],
    }),
    pkg({
      name: 'timezone',
      version: v('2019c', '2025b'),
      release: g.rel,
      summary: 'Time zone data (stub)',
      requires: ['filesystem'],
      files: [file('/usr/share/zoneinfo/UTC', `TZif-stub ${v('2019c', '2025b')}\n`)],
    }),
    withEvidence(
      pkg({
        name: 'kernel-default',
        version: kver,
        release: krel,
        summary: 'The kernel (stub)',
        // Built for its arch in a foreign-arch bed; the machine's own bed keeps the noarch kernel its tests were written against.
        noarch: !isForeign(arch),
        requires: ['filesystem'],
        provides: ['multiversion(kernel)', `kernel-uname-r(${kuname})`],
        files: [
          file(`/boot/${kernelImage(arch)}-${kuname}`, `fake kernel ${kuname}\n`),
          dir(`/lib/modules/${kuname}`),
          file(`/lib/modules/${kuname}/modules.dep`, ''),
        ],
      }),
    ),
    pkg({
      name: 'zypper-lite',
      version: v('1.13.58', '1.14.79'),
      release: g.rel,
      summary: 'Package manager (stub)',
      requires: ['coreutils-lite', 'glibc'],
      files: [script('/usr/bin/zypper-lite', `echo "zypper-lite of ${tag}"`)],
    }),
    pkg({
      name: 'sles-release',
      version: `${g.major}.${g.sp}`,
      release: v('1.1', '150700.1.1'),
      summary: `${tag} release files`,
      requires: ['filesystem', ...(g.major === 15 ? ['sle-module-basesystem-release'] : [])],
      provides: productProvides(sles),
      files: slesFiles,
    }),
    pkg({
      name: 'sle-module-web-scripting-release',
      version: webVersion,
      release: v('10.1', '150700.1.1'),
      summary: 'Web and Scripting Module product file',
      requires: ['sles-release'],
      provides: productProvides(web),
      files: [file('/etc/products.d/sle-module-web-scripting.prod', prodXml(web))],
    }),
    withEvidence(
      pkg({
        name: 'demo-config',
        version: v('1.0', '2.0'),
        release: g.rel,
        summary: 'Config file handling demo',
        requires: ['filesystem'],
        files: [
          config('/etc/demo.conf', `# demo.conf (noreplace) shipped by demo-config of ${tag}\nsetting = ${v('old', 'new')}\n`, true),
          config('/etc/demo-strict.conf', `# demo-strict.conf shipped by demo-config of ${tag}\nstrict = ${v('old', 'new')}\n`, false),
        ],
      }),
    ),
    withEvidence(
      pkg({
        name: 'demo-scriptlets',
        version: v('1.0', '2.0'),
        release: g.rel,
        summary: 'Scriptlet evidence demo',
        requires: ['busybox'],
        files: [file('/usr/share/doc/demo-scriptlets/README', `scriptlets demo of ${tag}\n`)],
      }),
      ['pre', 'post', 'preun', 'postun'],
    ),
  ];
  return out;
}

function sles12(arch: string): RepoDef {
  const g: Gen = { major: 12, sp: 5, rel: '1.1', target: `sle-12-${arch}` };
  return {
    id: 'sles12',
    label: 'SLES 12 SP5',
    cpe: 'cpe:/o:suse:sles:12:sp5',
    packages: [
      ...commonPackages(g, arch),
      pkg({
        name: 'libfoo1',
        version: '1.2.0',
        release: '3.1',
        summary: 'Foo library, soname 1 (dropped in 15)',
        requires: ['glibc'],
        provides: ['libfoo.so.1()(64bit)'],
        files: [file('/usr/lib64/libfoo.so.1', 'libfoo 1.2.0\n')],
      }),
      pkg({
        name: 'libfoo-devel',
        version: '1.2.0',
        release: '3.1',
        summary: 'Foo headers',
        requires: ['libfoo1 = 1.2.0'],
        files: [file('/usr/include/foo.h', '#define FOO_VERSION "1.2.0"\n'), link('/usr/lib64/libfoo.so', 'libfoo.so.1')],
      }),
      pkg({
        name: 'foo-tools',
        version: '1.2.0',
        release: '3.1',
        summary: 'Foo tools',
        requires: ['libfoo.so.1()(64bit)'],
        files: [script('/usr/bin/foo', 'echo foo 1.2.0')],
      }),
      pkg({
        name: 'python-demo',
        version: '2.7.18',
        release: '33.1',
        summary: 'Python 2 demo (renamed in 15)',
        requires: ['coreutils-lite'],
        files: [script('/usr/bin/python-demo', 'echo python 2.7.18'), file('/usr/share/python-demo/demo.py', 'print "demo"\n')],
      }),
      pkg({
        name: 'patterns-sles-base',
        version: '12',
        release: '64.3.1',
        summary: 'Base pattern',
        provides: ['pattern() = base', 'pattern-visible()'],
        files: [],
        requires: ['aaa_base', 'coreutils-lite', 'zypper-lite', 'kernel-default', 'timezone', 'sles-release', 'foo-tools', 'python-demo'],
      }),
    ],
  };
}

function sles15(arch: string): RepoDef {
  const g: Gen = { major: 15, sp: 7, rel: '150700.1.1', target: `sle-15-${arch}` };
  const base: ProductInfo = {
    name: 'sle-module-basesystem',
    version: '15.7',
    baseversion: '15',
    patchlevel: '7',
    summary: 'Basesystem Module 15 SP7',
    target: g.target,
    arch,
    flavor: 'module',
  };
  return {
    id: 'sles15',
    label: 'SLES 15 SP7',
    cpe: 'cpe:/o:suse:sles:15:sp7',
    packages: [
      ...commonPackages(g, arch),
      pkg({
        name: 'sle-module-basesystem-release',
        version: '15.7',
        release: '150700.1.1',
        summary: 'Basesystem Module product file',
        requires: ['filesystem'],
        provides: productProvides(base),
        files: [file('/etc/products.d/sle-module-basesystem.prod', prodXml(base))],
      }),
      pkg({
        name: 'libfoo2',
        version: '2.0.1',
        release: '150700.2.1',
        summary: 'Foo library, soname 2 (new in 15)',
        requires: ['glibc'],
        provides: ['libfoo.so.2()(64bit)'],
        files: [file('/usr/lib64/libfoo.so.2', 'libfoo 2.0.1\n')],
      }),
      pkg({
        name: 'libfoo-devel',
        version: '2.0.1',
        release: '150700.2.1',
        summary: 'Foo headers',
        requires: ['libfoo2 = 2.0.1'],
        files: [file('/usr/include/foo.h', '#define FOO_VERSION "2.0.1"\n'), link('/usr/lib64/libfoo.so', 'libfoo.so.2')],
      }),
      pkg({
        name: 'foo-tools',
        version: '2.0.1',
        release: '150700.2.1',
        summary: 'Foo tools',
        requires: ['libfoo.so.2()(64bit)'],
        files: [script('/usr/bin/foo', 'echo foo 2.0.1')],
      }),
      pkg({
        name: 'python3-demo',
        version: '3.6.15',
        release: '150300.10.1',
        summary: 'Python 3 demo (replaces python-demo)',
        requires: ['coreutils-lite'],
        obsoletes: ['python-demo < 15'],
        provides: ['python-demo = %{version}'],
        files: [script('/usr/bin/python3-demo', 'echo python 3.6.15'), file('/usr/share/python3-demo/demo.py', 'print("demo")\n')],
      }),
      pkg({
        name: 'patterns-sles-base',
        version: '15.7',
        release: '150700.5.1',
        summary: 'Base pattern',
        provides: ['pattern() = base', 'pattern-visible()'],
        files: [],
        requires: ['aaa_base', 'coreutils-lite', 'zypper-lite', 'kernel-default', 'timezone', 'sles-release', 'foo-tools', 'python3-demo'],
      }),
    ],
  };
}

/**
 * What a SLES 15 SP7 host about to go to SLE 16 has besides the base system: wicked networking
 * and the SLE 16 migration packages (which grub-setup removes after the upgrade). Only in the
 * sles15 repository: the dup from 12 does not pull them in, and SLE 16 has none of them.
 */
function sles15HostExtras(): PackageDef[] {
  const rel = '150700.1.1';
  return [
    pkg({
      name: 'wicked',
      version: '0.6.77',
      release: rel,
      summary: 'Network configuration (stub)',
      requires: ['filesystem'],
      files: [script('/usr/sbin/wicked', 'echo "wicked stub $*"')],
    }),
    pkg({
      name: 'wicked-service',
      version: '0.6.77',
      release: rel,
      summary: 'wicked systemd units',
      requires: ['wicked'],
      files: [
        file(
          '/usr/lib/systemd/system/wicked.service',
          '[Unit]\nDescription=wicked managed network interfaces\n\n[Service]\nExecStart=/usr/sbin/wicked ifup all\n\n[Install]\nWantedBy=multi-user.target\nAlias=network.service\n',
        ),
      ],
    }),
    pkg({
      name: 'sysconfig-netconfig',
      version: '0.85.10',
      release: rel,
      summary: 'netconfig (stub)',
      requires: ['filesystem'],
      files: [script('/usr/sbin/netconfig', 'echo "netconfig stub $*"'), dir('/etc/sysconfig/network')],
    }),
    pkg({
      name: 'SLES16-Migration',
      version: '2.1.35',
      release: rel,
      summary: 'Migration to SLES 16 (stub)',
      requires: ['filesystem'],
      files: [file('/usr/share/migration/SLES16-Migration.txt', 'SLES 16 migration\n')],
    }),
    pkg({
      name: 'suse-migration-sle16-activation',
      version: '2.1.35',
      release: rel,
      summary: 'Migration activation (stub)',
      requires: ['filesystem'],
      files: [file('/usr/share/migration/activation.txt', 'activation\n')],
    }),
    venvSaltMinion(rel),
  ];
}

/** The Salt minion, whose %post (evidence in SCRIPTLET_LOG) would load its SELinux policy. */
function venvSaltMinion(release: string): PackageDef {
  return withEvidence(
    pkg({
      name: 'venv-salt-minion',
      version: '3006.0',
      release,
      summary: 'Salt minion (stub)',
      requires: ['busybox'],
      files: [file('/usr/lib/venv-salt-minion/README', 'salt minion stub\n')],
    }),
  );
}

/** Packages SLE 16 adds for the post-upgrade steps: NetworkManager, the SELinux pattern. */
function sles16Additions(): PackageDef[] {
  const rel = '160000.1.1';
  return [
    pkg({
      name: 'NetworkManager',
      version: '1.52.0',
      release: rel,
      summary: 'NetworkManager (stub)',
      requires: ['filesystem'],
      files: [
        script('/usr/sbin/NetworkManager', 'echo "NetworkManager stub"'),
        dir('/etc/NetworkManager'),
        dir('/etc/NetworkManager/system-connections'),
        file(
          '/usr/lib/systemd/system/NetworkManager.service',
          '[Unit]\nDescription=Network Manager\n\n[Service]\nExecStart=/usr/sbin/NetworkManager --no-daemon\n\n[Install]\nWantedBy=multi-user.target\n',
        ),
      ],
    }),
    pkg({
      name: 'NetworkManager-config-server',
      version: '1.52.0',
      release: rel,
      summary: 'NetworkManager server defaults',
      requires: ['NetworkManager'],
      files: [file('/usr/lib/NetworkManager/conf.d/00-server.conf', '[main]\nno-auto-default=*\n')],
    }),
    pkg({
      name: 'patterns-base-selinux',
      version: '16.0',
      release: rel,
      summary: 'SELinux pattern (stub)',
      requires: ['filesystem'],
      provides: ['pattern() = selinux'],
      files: [file('/etc/selinux/config', 'SELINUX=enforcing\nSELINUXTYPE=targeted\n')],
    }),
    venvSaltMinion(rel),
  ];
}

/**
 * SLES 16.0: every package of SLES 15 SP7 one release newer, sles-release 16.0 (os-release,
 * SLES.prod) and the SLE 16 additions. Modules are kept as they are in 15 (stubs).
 */
function sles16(arch: string): RepoDef {
  const rel = '160000.1.1';
  const sles: ProductInfo = {
    name: 'SLES',
    version: '16.0',
    baseversion: '16',
    patchlevel: '0',
    summary: 'SUSE Linux Enterprise Server 16.0',
    target: `sle-16-${arch}`,
    arch,
    cpeid: 'cpe:/o:suse:sles:16:16.0',
  };
  const from15 = sles15(arch).packages.map(
    (p): PackageDef =>
      p.name !== 'sles-release'
        ? { ...p, release: rel }
        : {
            ...p,
            version: '16.0',
            release: rel,
            summary: 'SLES 16.0 release files',
            provides: productProvides(sles),
            files: [
              file('/etc/os-release', osRelease(16, 0)),
              file('/etc/products.d/SLES.prod', prodXml(sles)),
              link('/etc/products.d/baseproduct', 'SLES.prod'),
            ],
          },
  );
  return { id: 'sles16', label: 'SLES 16.0', cpe: 'cpe:/o:suse:sles:16:16.0', packages: [...from15, ...sles16Additions()] };
}

/** The repositories, for the given RPM architecture (the arch of busybox and of the .prod files). */
export function repoDefs(arch: string): { sles12: RepoDef; sles15: RepoDef; sles16: RepoDef } {
  const s15 = sles15(arch);
  return { sles12: sles12(arch), sles15: { ...s15, packages: [...s15.packages, ...sles15HostExtras()] }, sles16: sles16(arch) };
}

/** What a "SLES 15 SP7" system of the bed has installed: every package of the 15 repository. */
export function sles15InstallList(arch: string): string[] {
  return repoDefs(arch).sles15.packages.map((p) => p.name);
}

/** What a "SLES 12 SP5" system of the bed has installed (every package of the 12 repository). */
export function sles12InstallList(arch: string): string[] {
  return sles12(arch).packages.map((p) => p.name);
}
