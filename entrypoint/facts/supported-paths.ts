// The upgrade paths SUSE supports for this migration system: the one table (docs/report.md lists the same),
// and the judgement of one host's path against it (the supported-path check).
// Sources: SUSE's DMS user guide ("SLES 12 SP5 is the only supported migration starting point for the
// migration to SLES 15", "SLES 15 SP7 is the only supported migration starting point for the migration
// to SLES 16"; "not supported for systems having the SLE 12 HPC module installed") and SUSE's
// "Upgrading to SUSE Linux Enterprise Server 16" ("Upgrades from other SLES versions are not supported").
import type { RunFacts } from './run-facts.js';

/** The products this migration system upgrades; the product stays the same across the upgrade. */
export const SUPPORTED_PRODUCTS: readonly string[] = ['SLES', 'SLES_SAP'];

/** For each target release, the one release a host must have: 12 SP5 to 15 GA..SP7, 15 SP7 to 16.0. */
export const SUPPORTED_PATHS: ReadonlyArray<{ from: string; to: readonly string[] }> = [
  { from: '12.5', to: ['15.0', '15.1', '15.2', '15.3', '15.4', '15.5', '15.6', '15.7'] },
  { from: '15.7', to: ['16.0'] },
];

/** Installed products that have no migration path although the base product has one. */
export const UNSUPPORTED_PRODUCTS: ReadonlyArray<{ name: string; sourceMajor: number; why: string }> = [
  {
    name: 'sle-module-hpc',
    sourceMajor: 12,
    why: "SLE 12's HPC module has no migration path to SLE 15, where HPC is a product of its own",
  },
];

export interface Release {
  /** Product name as in /etc/products.d: SLES, SLES_SAP, SLED, SLE_HPC... */
  product: string;
  /** `12.5`, `15.7`, `16.0` (a bare major such as `15` is read as `15.0`). */
  version: string;
}

export type PathJudgement = { supported: true; note: string } | { supported: false; reason: string; advice: string };

/** `12.5` -> [12, 5]; `15` -> [15, 0]; undefined for anything else. */
function parseVersion(version: string): [number, number] | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

const normal = (v: [number, number]) => `${v[0]}.${v[1]}`;
const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/** `12 SP5`, `15 GA`, `16.0`: the names SUSE uses for the releases. */
export function releaseLabel(version: string): string {
  const v = parseVersion(version);
  if (!v) return version;
  if (v[0] >= 16) return normal(v);
  return v[1] === 0 ? `${v[0]} GA` : `${v[0]} SP${v[1]}`;
}

const describe = (r: Release) => `${r.product} ${releaseLabel(r.version)}`;

/** The table in words, for evidence: `SLES, SLES_SAP: 12 SP5 -> 15 GA to 15 SP7; 15 SP7 -> 16.0 (the product stays)`. */
export function describeSupportedPaths(): string {
  const paths = SUPPORTED_PATHS.map((p) => {
    const to = p.to.map(releaseLabel);
    return `${releaseLabel(p.from)} -> ${to.length > 2 ? `${to[0]} to ${to.at(-1)}` : to.join(', ')}`;
  });
  return `${SUPPORTED_PRODUCTS.join(', ')}: ${paths.join('; ')} (the product stays)`;
}

/** Whether SUSE supports migrating `source` to `target` with this migration system, and if not what to do. */
export function judgeUpgradePath(source: Release, target: Release, installedProducts: readonly string[] = []): PathJudgement {
  const from = parseVersion(source.version);
  const to = parseVersion(target.version);
  if (!SUPPORTED_PRODUCTS.includes(source.product)) {
    return {
      supported: false,
      reason: `${source.product} is not a product this migration system upgrades (only ${SUPPORTED_PRODUCTS.join(' and ')})`,
      advice: `upgrade ${source.product} as its own documentation says (for SLED and SLE HPC: SUSE's upgrade from the installation media)`,
    };
  }
  if (target.product !== source.product) {
    return {
      supported: false,
      reason: `the product would change from ${source.product} to ${target.product}: the migration keeps the product`,
      advice: `migrate to ${source.product} (migration_product or --product ${source.product}/<version>/<arch>); change the product separately`,
    };
  }
  if (!from || !to) {
    return {
      supported: false,
      reason: `the release ${!from ? source.version : target.version} is not a version SUSE uses (major.minor)`,
      advice: 'check /etc/products.d on the host and the target (migration_product, the image)',
    };
  }
  if (compare(from, to) === 0) {
    return {
      supported: true,
      note: `the host already has ${describe(target)}: nothing to cross (a continued run converges; a migrated host stays as it is)`,
    };
  }
  for (const unsupported of UNSUPPORTED_PRODUCTS) {
    if (from[0] === unsupported.sourceMajor && installedProducts.includes(unsupported.name)) {
      return {
        supported: false,
        reason: `${unsupported.name} is installed: ${unsupported.why}`,
        advice: `remove ${unsupported.name} from the host first (SUSEConnect -d -p ${unsupported.name}/<version>/<arch>, then its packages), or install the target release anew`,
      };
    }
  }
  if (compare(from, to) > 0) {
    return {
      supported: false,
      reason: `${describe(target)} is older than the host's ${describe(source)}: a downgrade`,
      advice: 'use a migration image (or migration_product) of a newer release than the host',
    };
  }
  const path = SUPPORTED_PATHS.find((p) => p.to.includes(normal(to)));
  if (!path) {
    return {
      supported: false,
      reason: `SUSE supports no migration to ${describe(target)} with this migration system`,
      advice: `supported: ${describeSupportedPaths()}`,
    };
  }
  const needed = parseVersion(path.from)!;
  const neededLabel = `${source.product} ${releaseLabel(path.from)}`;
  if (compare(from, needed) === 0) {
    return { supported: true, note: `${describe(source)} -> ${describe(target)}: a path SUSE supports` };
  }
  if (compare(from, needed) < 0) {
    const how =
      from[0] === needed[0]
        ? `with \`zypper migration\` on the running host (a service pack upgrade)`
        : `(SUSE's documented upgrade to that release)`;
    return {
      supported: false,
      reason: `SUSE supports the migration to ${describe(target)} only from ${neededLabel}, not from ${releaseLabel(source.version)}`,
      advice: `bring the host to ${neededLabel} first ${how}, then run this migration again`,
    };
  }
  // Newer than the one starting point but older than the target: within one major release.
  return {
    supported: false,
    reason: `${describe(source)} -> ${describe(target)} is a service pack upgrade, not a migration across major releases`,
    advice: `upgrade with \`zypper migration\` on the running host, SUSE's tool for service pack upgrades`,
  };
}

/** Where the release of one side came from, for the evidence. */
export interface SideOf {
  release?: Release;
  from: string;
}

/** os-release IDs of the products, for a host without a readable base product. */
const PRODUCT_OF_OS_ID: Record<string, string> = { sles: 'SLES', sles_sap: 'SLES_SAP', sled: 'SLED', sle_hpc: 'SLE_HPC' };

/** The host's release: its base product, else its /etc/os-release. */
export function sourceOf(facts: RunFacts): SideOf {
  const base = facts.source.baseProduct;
  if (base?.name && base.version) {
    return { release: { product: base.name, version: base.version }, from: 'the base product in /etc/products.d' };
  }
  const os = facts.source.release;
  const id = os?.ID?.toLowerCase();
  if (id && os?.VERSION_ID) {
    return {
      release: { product: PRODUCT_OF_OS_ID[id] ?? id.toUpperCase(), version: os.VERSION_ID },
      from: '/etc/os-release (no readable base product)',
    };
  }
  return { from: 'neither a base product nor /etc/os-release' };
}

/**
 * The release the upgrade goes to: plugin mode asks for the target product (configured, or the base
 * product with the image's release); dup mode installs what the image's release is, keeping the product.
 */
export function targetOf(facts: RunFacts, source: Release | undefined): SideOf {
  if (facts.mode === 'plugin') {
    const [product, version] = (facts.target.product ?? '').split('/');
    if (product && version) {
      return {
        release: { product, version },
        from: `the product zypper migration asks for (${facts.target.productSource ?? 'resolved'})`,
      };
    }
    return { from: facts.target.productProblem ?? 'no target product' };
  }
  if (source && facts.target.versionId) {
    return {
      release: { product: source.product, version: facts.target.versionId },
      from: "the image's release (dup mode keeps the product)",
    };
  }
  return { from: facts.target.versionId ? 'no source product' : 'the image names no release' };
}
