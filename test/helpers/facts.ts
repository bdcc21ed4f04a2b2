// Run facts for unit tests that do not read a host root: a dup migration to SLE 16.0 on x86_64 unless told otherwise.
import type { MigrationConfig } from '../../entrypoint/config/schema.js';
import { majorOf, resolveFacts, type RunFacts, sleName } from '../../entrypoint/facts/run-facts.js';

export interface FactsOverrides {
  mode?: RunFacts['mode'];
  arch?: string;
  /** The target's VERSION_ID (undefined: the image names none). */
  targetVersionId?: string | undefined;
  product?: string;
}

export function testFacts(over: FactsOverrides = {}): RunFacts {
  const versionId = 'targetVersionId' in over ? over.targetVersionId : '16.0';
  return {
    mode: over.mode ?? 'dup',
    arch: over.arch ?? 'x86_64',
    source: {
      release: { NAME: 'SLES', VERSION_ID: '15.7', PRETTY_NAME: 'SUSE Linux Enterprise Server 15 SP7' },
      description: 'SUSE Linux Enterprise Server 15 SP7',
      releaseProblem: undefined,
      baseProduct: undefined,
      baseProductProblem: 'no base product (test facts)',
      unreadableProducts: [],
      installedProducts: [],
    },
    target: {
      release: versionId ? { VERSION_ID: versionId } : {},
      versionId,
      label: versionId ?? 'unknown',
      name: sleName(versionId),
      major: majorOf(versionId),
      product: over.product,
      productSource: over.product ? 'configured' : undefined,
      productProblem: over.product ? undefined : 'Migration product not found, aborting migration attempt. (test facts)',
    },
  };
}

/** The facts of a real (bed) root, as a session resolves them, for an image that migrates to `targetVersionId`. */
export async function rootFacts(root: string, config: MigrationConfig, targetVersionId = '15.7', machine = 'x86_64'): Promise<RunFacts> {
  return resolveFacts({
    systemRoot: root,
    imageOsRelease: '/nonexistent/os-release',
    config,
    env: { DMS_TARGET_VERSION_ID: targetVersionId },
    machine,
  });
}
