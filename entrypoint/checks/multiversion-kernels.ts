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

async function kernelFlavour(ctx: Pick<CheckContext, 'host'>): Promise<string> {
  const target = await readlink(ctx.host('/boot/vmlinuz')).catch(() => '');
  return target.includes('azure') ? 'kernel-azure' : 'kernel-default';
}

/** `4.12.14-122.37` from `vmlinuz-4.12.14-122.37-default` or from `uname -r` `4.12.14-122.37-default`. */
export function kernelVersion(name: string): string | undefined {
  return /^(?:vmlinuz-)?(\d[^-]*-[^-]+)-[a-z0-9_]+$/.exec(path.basename(name))?.[1];
}

interface KernelPackages {
  flavour: string;
  installed: string[];
  /** Packages of neither the kernel /boot/vmlinuz points to nor the running one; empty when that is unknown. */
  extra: string[];
}

async function kernelPackages(ctx: Pick<CheckContext, 'root' | 'host' | 'runningKernel'>, exec: ReadOnlyExec): Promise<KernelPackages> {
  const flavour = await kernelFlavour(ctx);
  const q = await exec.query(await rpmQuery(ctx.root, '-q', flavour, '--qf', '%{NAME}-%{VERSION}-%{RELEASE}\n'));
  const installed = q.ok
    ? q.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  const keep = [kernelVersion(await readlink(ctx.host('/boot/vmlinuz')).catch(() => '')), kernelVersion(ctx.runningKernel)]
    .filter((v): v is string => Boolean(v))
    .map((v) => `${flavour}-${v}`);
  const kept = installed.filter((p) => keep.some((k) => p === k || p.startsWith(`${k}.`)));
  // Only with a kernel to keep: never remove every kernel because the link could not be read.
  const extra = kept.length === 0 ? [] : installed.filter((p) => !kept.includes(p));
  return { flavour, installed, extra };
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
      remediation = `set multiversion.kernels = ${WANTED} in ${ZYPP_CONF} (dms check --fix does it)`;
    }
    const { flavour, installed, extra } = await kernelPackages(ctx, ctx.exec);
    if (installed.length > 1) {
      evidence.push(`${installed.length} ${flavour} packages are installed: ${installed.join(', ')}`);
      if (extra.length > 0)
        evidence.push(`--fix removes ${extra.join(', ')} (keeps the kernel /boot/vmlinuz points to and the running one)`);
      remediation = [remediation, 'remove the kernels you do not need before the migration: zypper purge-kernels (or dms check --fix)']
        .filter(Boolean)
        .join('; ');
    }
    if (evidence.length === 0)
      return pass(installed.length === 1 ? `one ${flavour} installed: ${installed[0]}` : `no multiversion kernel setting to correct`);
    return fail(evidence, { ...(remediation ? { remediation } : {}) });
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
