// Types describing the synthetic RPM packages and repositories of the test bed.

/** One file, directory or symlink a package ships. Paths are absolute inside the root. */
export type FileDef =
  | { kind: 'file'; path: string; content: string; mode?: number; config?: 'config' | 'noreplace' }
  | { kind: 'copy'; path: string; from: string; mode?: number }
  /** `size` bytes of random (incompressible) data: download payload for the benchmark. */
  | { kind: 'random'; path: string; size: number; mode?: number }
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'symlink'; path: string; target: string };

export type ScriptletName = 'pre' | 'post' | 'preun' | 'postun';

export interface PackageDef {
  name: string;
  version: string;
  release: string;
  summary: string;
  /** 'noarch' or omitted for the machine's architecture. */
  noarch: boolean;
  autoReqProv?: boolean;
  requires?: string[];
  /** Requires(post): ... entries. */
  requiresPost?: string[];
  provides?: string[];
  obsoletes?: string[];
  conflicts?: string[];
  files: FileDef[];
  /** Shell bodies run by the root's /bin/sh (busybox). */
  scripts?: Partial<Record<ScriptletName, string>>;
}

export interface RepoDef {
  /** Short id, also the directory name: "sles12" or "sles15". */
  id: string;
  /** Human label, e.g. "SLES 12 SP5". */
  label: string;
  /** CPE of the distribution, written as <distro> tag into repomd.xml. */
  cpe: string;
  packages: PackageDef[];
}
