// The host's zypper repository files (/etc/zypp/repos.d/*.repo): INI sections read with an INI parser, and the
// repository variables expanded as libzypp does ($releasever, $basearch, /etc/zypp/vars.d).
import path from 'node:path';
import { decode } from 'ini';
import { onHost } from '../paths.js';
import { listOptional, readOptional } from './fs.js';

export const REPOS_DIR = '/etc/zypp/repos.d';
const VARS_DIR = '/etc/zypp/vars.d';

export interface RepoEntry {
  /** The .repo file's name. */
  file: string;
  alias: string;
  /** The first baseurl, its variables expanded. */
  baseurl?: string;
  /** The baseurl as written in the file. */
  rawBaseurl?: string;
  enabled: boolean;
}

/** What libzypp knows without a file: the architecture and the release (from the base product). */
export interface RepoVariableFacts {
  arch?: string;
  /** The base product's version, e.g. 12.5 (libzypp's $releasever). */
  releasever?: string;
}

/** libzypp's base architecture of an architecture (i586/i686 -> i386 is left out: SLES runs none of them). */
const BASEARCH: Record<string, string> = { x86_64: 'x86_64', aarch64: 'aarch64', ppc64le: 'ppc64le', s390x: 's390x' };

/** The repository variables: libzypp's built-ins, then each /etc/zypp/vars.d/NAME file (its first line). */
export async function repoVariables(root: string, facts: RepoVariableFacts = {}): Promise<Map<string, string>> {
  const vars = new Map<string, string>();
  if (facts.arch) {
    vars.set('arch', facts.arch);
    vars.set('basearch', BASEARCH[facts.arch] ?? facts.arch);
  }
  // Always defined: without a base product libzypp expands it to nothing.
  const [major, minor] = (facts.releasever ?? '').split('.');
  vars.set('releasever', facts.releasever ?? '');
  vars.set('releasever_major', major ?? '');
  vars.set('releasever_minor', minor ?? '');
  const dir = onHost(root, VARS_DIR);
  for (const name of (await listOptional(dir)).filter((n) => /^[A-Za-z0-9_]+$/.test(n)).sort()) {
    const value = (await readOptional(path.join(dir, name)))?.split('\n')[0]?.trim();
    if (value !== undefined) vars.set(name, value);
  }
  return vars;
}

/**
 * Expands $NAME and ${NAME} (with libzypp's ${NAME:-word} and ${NAME:+word}); an unknown variable stays as
 * written, as libzypp leaves it.
 */
export function expandRepoVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$(?:\{([A-Za-z0-9_]+)(?:(:[-+])([^}]*))?\}|([A-Za-z0-9_]+))/g, (whole, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === ':-') return value ? value : (word as string);
    if (op === ':+') return value ? (word as string) : '';
    return value ?? whole;
  });
}

/** The words libzypp reads as false (str::strToFalse). */
const OFF = new Set(['0', 'no', 'false', 'off']);

/** The INI parser nests `[a.b]` sections: escape the dots of a section name (aliases like repo-oss.15.7). */
const withLiteralSectionDots = (text: string) =>
  text.replace(/^(\s*\[)(.*)(\]\s*)$/gm, (_, open, name: string, close) => `${open}${name.replaceAll('.', '\\.')}${close}`);

/** Every section of every .repo file of the host, in file order; `vars` expands the baseurls. */
export async function readRepoFiles(root: string, vars: ReadonlyMap<string, string> = new Map()): Promise<RepoEntry[]> {
  const dir = onHost(root, REPOS_DIR);
  const repos: RepoEntry[] = [];
  for (const file of (await listOptional(dir)).filter((n) => n.endsWith('.repo')).sort()) {
    const sections = decode(withLiteralSectionDots((await readOptional(path.join(dir, file))) ?? '')) as Record<string, unknown>;
    for (const [alias, body] of Object.entries(sections)) {
      if (typeof body !== 'object' || body === null) continue; // a key before the first section
      const keys = new Map(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
      const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
      const raw = first(keys.get('baseurl'));
      const enabled = first(keys.get('enabled'));
      repos.push({
        file,
        alias,
        ...(typeof raw === 'string' ? { rawBaseurl: raw, baseurl: expandRepoVariables(raw, vars) } : {}),
        enabled: enabled === undefined || !OFF.has(String(enabled).trim().toLowerCase()),
      });
    }
  }
  return repos;
}
