// multiversion-kernels: zypp.conf must keep only the latest and the running kernel; extra kernels are listed (SPEC 6.5).
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { readOptional } from '../system/fs.js';
import { fail, pass, type Check, type CheckContext } from './types.js';
import { readOnlyExec, type ReadOnlyExec, rpmQuery } from '../system/read-only.js';
import { hostRpm } from '../system/rpm-db.js';

const ZYPP_CONF = '/etc/zypp/zypp.conf';
const WANTED = 'latest,running';

/** Values of `[main]` keys in zypp.conf (the last assignment wins, comments ignored). */
export function zyppMain(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      section = head[1]!.trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (section === 'main' && eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

function kernelsSettingOk(value: string | undefined): boolean {
  if (value === undefined) return false;
  const set = new Set(
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
  return set.size === 2 && set.has('latest') && set.has('running');
}

/** zypp.conf with `multiversion.kernels = latest,running` (replacing an active line, or added after [main]). */
export function fixedZyppConf(text: string): string {
  if (/^\s*multiversion\.kernels\s*=.*$/m.test(text))
    return text.replace(/^\s*multiversion\.kernels\s*=.*$/m, `multiversion.kernels = ${WANTED}`);
  return text.replace(/^\s*\[main\]\s*$/m, (m) => `${m}\nmultiversion.kernels = ${WANTED}`);
}

/**
 * The link to the default kernel's image on each architecture, as the original's
 * Defaults.get_target_kernel() names it; other architectures have none the original knows.
 */
export const KERNEL_IMAGE_LINKS: Readonly<Record<string, string>> = {
  x86_64: '/boot/vmlinuz',
  aarch64: '/boot/Image',
  ppc64le: '/boot/vmlinux',
  s390x: '/boot/image',
};

/** `4.12.14-122.37` from `vmlinuz-4.12.14-122.37-default` (or Image-, vmlinux-, image-) or from `uname -r` `4.12.14-122.37-default`. */
export function kernelVersion(name: string): string | undefined {
  return /^(?:(?:vmlinuz|vmlinux|Image|image)-)?(\d[^-]*-[^-]+)-[a-z0-9_]+$/.exec(path.basename(name))?.[1];
}

interface KernelPackages {
  flavour: string;
  installed: string[];
  /** The arch's kernel image link (/boot/vmlinuz on x86_64), when the arch has one. */
  link: string | undefined;
  /** Packages of neither the kernel the link points to nor the running one; empty when that is unknown. */
  extra: string[];
  /** Why nothing can be removed (no link for the arch, link unreadable or of no installed package). */
  keepAll: string | undefined;
}

async function kernelPackages(
  ctx: Pick<CheckContext, 'root' | 'host' | 'runningKernel' | 'facts'>,
  exec: ReadOnlyExec,
): Promise<KernelPackages> {
  const link = KERNEL_IMAGE_LINKS[ctx.facts.arch];
  const target = link === undefined ? undefined : await readlink(ctx.host(link)).catch(() => undefined);
  const flavour = target?.includes('azure') ? 'kernel-azure' : 'kernel-default';
  const q = await exec.query(await rpmQuery(ctx.root, '-q', flavour, '--qf', '%{NAME}-%{VERSION}-%{RELEASE}\n'));
  // Oldest first (rpm lists them in database order).
  const installed = q.ok
    ? q.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    : [];
  const of = (version: string | undefined) =>
    version === undefined ? [] : installed.filter((p) => p === `${flavour}-${version}` || p.startsWith(`${flavour}-${version}.`));
  const linked = of(target === undefined ? undefined : kernelVersion(target));
  // Never remove a kernel without knowing which one boots next: the link must name an installed package.
  let keepAll: string | undefined;
  if (link === undefined) keepAll = `no kernel image link is known for the architecture ${ctx.facts.arch}`;
  else if (target === undefined) keepAll = `${link} cannot be read`;
  else if (linked.length === 0) keepAll = `${link} points to ${target}, which is no installed ${flavour} package`;
  const kept = [...linked, ...of(kernelVersion(ctx.runningKernel))];
  const extra = keepAll === undefined ? installed.filter((p) => !kept.includes(p)) : [];
  return { flavour, installed, link, extra, keepAll };
}

export const multiversionKernels: Check = {
  id: 'multiversion-kernels',
  title: 'Multiversion kernels are limited to the latest and the running one',
  severity: 'warning',
  async run(ctx) {
    const evidence: string[] = [];
    let remediation: string | undefined;
    const conf = (await readOptional(ctx.host(ZYPP_CONF))) ?? '';
    const main = zyppMain(conf);
    if (/kernel/.test(main.multiversion ?? '') && !kernelsSettingOk(main['multiversion.kernels'])) {
      evidence.push(
        `${ZYPP_CONF} keeps several kernels (multiversion = ${main.multiversion}) with multiversion.kernels = ${main['multiversion.kernels'] ?? '(not set)'}`,
      );
      remediation = `set multiversion.kernels = ${WANTED} in ${ZYPP_CONF} (migrate --check --fix does it)`;
    }
    const { flavour, installed, link, extra, keepAll } = await kernelPackages(ctx, ctx.exec);
    if (installed.length > 1) {
      evidence.push(`${installed.length} ${flavour} packages are installed: ${installed.join(', ')}`);
      if (extra.length > 0) evidence.push(`--fix removes ${extra.join(', ')} (keeps the kernel ${link} points to and the running one)`);
      if (keepAll !== undefined) evidence.push(`--fix removes no kernel: ${keepAll}`);
      remediation = [
        remediation,
        'remove the kernels you do not need before the migration (zypper purge-kernels, or migrate --check --fix)',
      ]
        .filter(Boolean)
        .join('; ');
    }
    if (evidence.length === 0)
      return pass(installed.length === 1 ? `one ${flavour} installed: ${installed[0]}` : `no multiversion kernel setting to correct`);
    return fail(evidence, { ...(remediation ? { remediation } : {}), commands: ['migrate --check --fix'] });
  },
  async fix(ctx) {
    const done: string[] = [];
    const conf = await ctx.files.readOptional(ZYPP_CONF);
    const main = zyppMain(conf ?? '');
    if (conf !== undefined && /kernel/.test(main.multiversion ?? '') && !kernelsSettingOk(main['multiversion.kernels'])) {
      await ctx.files.write(ZYPP_CONF, fixedZyppConf(conf));
      done.push(`set multiversion.kernels = ${WANTED} in ${ZYPP_CONF}`);
    }
    const { extra } = await kernelPackages(ctx, readOnlyExec(ctx.exec));
    if (extra.length > 0) {
      await ctx.exec.run(await hostRpm(ctx.root, '-e', ...extra), {
        hint: 'remove the old kernels with zypper purge-kernels on the host, then run again',
      });
      done.push(`removed the kernel package(s) ${extra.join(', ')}`);
    }
    return done;
  },
};
