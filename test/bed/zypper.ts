// Runs the host's zypper and rpm against a system root, with the bed's private HOME (rpm db in /var/lib/rpm).
import { execa, type Options } from 'execa';
import { bedEnv } from './rpm-env.js';

/** `zypper --root ROOT --non-interactive --no-gpg-checks ARGS...`; rejects on a non-zero exit. */
export async function zypper(root: string, args: string[], opts: Options = {}) {
  return execa('zypper', ['--root', root, '--non-interactive', '--no-gpg-checks', ...args], {
    ...opts,
    env: { ...(await bedEnv(root)), ...opts.env },
  });
}

/** `rpm --root ROOT ARGS...` with the bed's dbpath; rejects on a non-zero exit. */
export async function rpm(root: string, args: string[], opts: Options = {}) {
  return execa('rpm', ['--root', root, ...args], { ...opts, env: { ...(await bedEnv()), ...opts.env } });
}

/** Installed packages as "name-version-release.arch", sorted. */
export async function installedPackages(root: string): Promise<string[]> {
  const r = await rpm(root, ['-qa', '--qf', '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n']);
  return String(r.stdout).split('\n').filter(Boolean).sort();
}
