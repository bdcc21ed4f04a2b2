// The facts of one session, resolved once from the image, the host root and the configuration: mode,
// source release and base product, target release and major, target product, architecture. `check`
// and `run` both read them from here, so the pre-flight plans for exactly what the upgrade will do.
import os from 'node:os';
import { oneLine } from '../cli-text.js';
import type { MigrationConfig } from '../config/schema.js';
import { HOST_FILES, onHost } from '../paths.js';
import { resolveInRoot } from '../system/host-files.js';
import { describeRelease, readOsRelease, type OsRelease } from '../system/os-release.js';
import { findBaseProduct, scanProducts, type ProductFile, type ProductScan } from '../system/products.js';
import type { ProductTriplet } from '../system/scc.js';

export type MigrationMode = 'dup' | 'plugin';

export interface RunFacts {
  /** dup: `zypper dup` against the host's repositories; plugin: `zypper migration` (registered hosts). */
  mode: MigrationMode;
  /** The host's architecture: its base product's `<arch>`, else the machine's (uname -m). */
  arch: string;
  source: {
    /** The host's /etc/os-release when the session started (a later run step may replace it). */
    release: OsRelease | undefined;
    /** "SUSE Linux Enterprise Server 12 SP5" or "unknown system". */
    description: string;
    /** Why the host's release is not known: /etc/os-release missing, not a file, or without NAME and VERSION_ID. */
    releaseProblem: string | undefined;
    /** The single base product of /etc/products.d, when there is exactly one. */
    baseProduct: ProductFile | undefined;
    /** Why there is no base product (none, several, or /etc/products.d unreadable). */
    baseProductProblem: string | undefined;
    /** Product files that could not be parsed (skipped). */
    unreadableProducts: ReadonlyArray<{ file: string; reason: string }>;
    /** Every installed product with name, version and arch (what SCC is told is installed). */
    installedProducts: ProductTriplet[];
  };
  target: {
    /** The image's os-release (or what the image declares with DMS_TARGET_VERSION_ID). */
    release: OsRelease;
    /** `15.7`, `16.0`: the image's VERSION_ID, else the version of the configured migration_product. */
    versionId: string | undefined;
    /** versionId, or `unknown` when neither the image nor the configuration names one. */
    label: string;
    /** For people: the image's PRETTY_NAME on a SUSE base ("SUSE Linux Enterprise Server 15 SP7"), else sleName(versionId). */
    name: string;
    /** 15, 16: picks the step set and the checks; an image that names no version is taken as SLE 15. */
    major: number;
    /** NAME/VERSION/ARCH of the target product (plugin mode asks the registration server for it). */
    product: string | undefined;
    /** Where `product` came from. */
    productSource: 'configured' | 'detected' | undefined;
    /** Why there is no target product, in the words of the original ("Migration product not found..."). */
    productProblem: string | undefined;
  };
}

export interface FactsInput {
  /** The host root, e.g. /system-root. */
  systemRoot: string;
  /** The image's own os-release (/etc/os-release in the container). */
  imageOsRelease: string;
  config: MigrationConfig;
  /** The environment (DMS_TARGET_VERSION_ID); tests give their own. */
  env?: NodeJS.ProcessEnv;
  /** uname -m, for hosts whose base product names no arch; tests give their own. */
  machine?: string;
}

/** A SLE VERSION_ID in SUSE's words: 12.5 -> "12 SP5", 15.0 -> "15", 16.0 -> "16.0" (SLE 16 has no service packs). */
export function sleVersion(versionId: string): string {
  const [major, minor] = versionId.split('.');
  if (minor === undefined || Number(major) >= 16) return versionId;
  return minor === '0' ? `${major}` : `${major} SP${minor}`;
}

/** A SLE release by its VERSION_ID, in SUSE's words: 15.7 -> "SUSE Linux Enterprise 15 SP7", 16.0 -> "SUSE Linux Enterprise 16.0". */
export function sleName(versionId: string | undefined): string {
  return versionId ? `SUSE Linux Enterprise ${sleVersion(versionId)}` : 'an unknown release';
}

/** The message of a missing target product, as the original logs it (SPEC 5.1). */
export const PRODUCT_NOT_FOUND = 'Migration product not found, aborting migration attempt.';

const PRODUCT_NAME = /^[A-Za-z][A-Za-z0-9_.+-]*$/;
const PRODUCT_ARCH = /^[A-Za-z0-9_]+$/;

/**
 * The release this image migrates to: the image's os-release, unless the image declares it with
 * DMS_TARGET_VERSION_ID (set by the Containerfile's TARGET_VERSION_ID for non-SUSE test bases).
 */
async function targetRelease(imageOsRelease: string, env: NodeJS.ProcessEnv): Promise<OsRelease> {
  const release = (await readOsRelease(imageOsRelease)) ?? {};
  const declared = env.DMS_TARGET_VERSION_ID;
  if (!declared) return release;
  return {
    ...release,
    VERSION_ID: declared,
    PRETTY_NAME: `SLE ${declared} (declared by the image on a ${release.PRETTY_NAME ?? 'non-SUSE'} base)`,
  };
}

/** The host's os-release, its links resolved inside the host root (SLES links it to /usr/lib/os-release). */
async function hostRelease(systemRoot: string): Promise<{ release?: OsRelease; problem?: string }> {
  try {
    const file = await resolveInRoot(systemRoot, HOST_FILES.osRelease);
    const release = await readOsRelease(onHost(systemRoot, file));
    if (!release)
      return { problem: `the host has no ${HOST_FILES.osRelease}${file !== HOST_FILES.osRelease ? ` (it links to ${file})` : ''}` };
    if (!release.NAME || !release.VERSION_ID) return { release, problem: `${HOST_FILES.osRelease} names no NAME or no VERSION_ID` };
    return { release };
  } catch (err) {
    return { problem: `${HOST_FILES.osRelease} cannot be read: ${(err as Error).message.replaceAll(systemRoot, '')}` };
  }
}

/** The major release (`16.0` -> 16); an image that names none is the original's SLE 15 container. */
export function majorOf(versionId: string | undefined): number {
  return Number.parseInt(versionId ?? '', 10) || 15;
}

async function scan(systemRoot: string): Promise<ProductScan | string> {
  try {
    return await scanProducts(onHost(systemRoot, HOST_FILES.productsDir));
  } catch (err) {
    return `cannot read the host's ${HOST_FILES.productsDir}: ${(err as Error).message}`;
  }
}

/** The base product, or why there is none; a name or arch that could shape a command line is refused. */
function baseProductOf(products: ProductScan | string, root: string): { product?: ProductFile; problem?: string } {
  if (typeof products === 'string') return { problem: products };
  const base = findBaseProduct(products, HOST_FILES.productsDir);
  if (!base.ok) return { problem: base.message.replaceAll(root, '') };
  const product = base.product;
  // The name and arch become part of `--product NAME/VERSION/ARCH`: a crafted product file must not shape it.
  for (const [field, value, pattern] of [
    ['name', product.name, PRODUCT_NAME],
    ['arch', product.arch, PRODUCT_ARCH],
  ] as const) {
    if (value !== undefined && !pattern.test(value)) {
      return {
        problem: `the base product ${product.file.slice(root.length)} has <${field}>${oneLine(value, 60)}</${field}>, which is not a product ${field}`,
      };
    }
  }
  return { product };
}

function targetProductOf(
  config: MigrationConfig,
  base: ProductFile | undefined,
  versionId: string | undefined,
  baseProblem: string | undefined,
) {
  if (config.migration_product)
    return { product: config.migration_product, productSource: 'configured' as const, productProblem: undefined };
  if (base?.name && base.arch && versionId) {
    return { product: `${base.name}/${versionId}/${base.arch}`, productSource: 'detected' as const, productProblem: undefined };
  }
  const why = baseProblem ?? (versionId ? 'the base product names no name or arch' : 'the migration image names no VERSION_ID');
  return { product: undefined, productSource: undefined, productProblem: `${PRODUCT_NOT_FOUND} (${why})` };
}

/** Resolves the session's facts; reads files only. */
export async function resolveFacts(input: FactsInput): Promise<RunFacts> {
  const { config, systemRoot } = input;
  const [host, image, products] = await Promise.all([
    hostRelease(systemRoot),
    targetRelease(input.imageOsRelease, input.env ?? process.env),
    scan(systemRoot),
  ]);
  const base = baseProductOf(products, systemRoot);
  const versionId = image.VERSION_ID ?? config.migration_product?.split('/')[1];
  const installedProducts =
    typeof products === 'string'
      ? []
      : products.products
          .filter((p) => p.name && p.version && p.arch)
          .map((p) => ({ identifier: p.name!, version: p.version!, arch: p.arch! }));
  return {
    mode: config.use_zypper_migration ? 'plugin' : 'dup',
    arch: base.product?.arch ?? input.machine ?? os.machine(),
    source: {
      release: host.release,
      description: describeRelease(host.release),
      releaseProblem: host.problem,
      baseProduct: base.product,
      baseProductProblem: base.problem,
      unreadableProducts: typeof products === 'string' ? [] : products.unreadable,
      installedProducts,
    },
    target: {
      release: image,
      versionId,
      label: versionId ?? 'unknown',
      name: input.env?.DMS_TARGET_VERSION_ID || !image.PRETTY_NAME ? sleName(versionId) : image.PRETTY_NAME,
      major: majorOf(versionId),
      ...targetProductOf(config, base.product, versionId, base.problem),
    },
  };
}

/** NAME/VERSION/ARCH split into its parts. */
export function splitProduct(product: string): ProductTriplet {
  const [identifier = '', version = '', arch = ''] = product.split('/');
  return { identifier, version, arch };
}
