// The two ends of a migration in SUSE's short words ("SLES 12 SP5" -> "SLES 15 SP7"): what the host shim names in
// its question before it starts the migration.
import { type RunFacts, sleVersion } from './run-facts.js';

export interface MigrationEnds {
  /** The host now: its base product's name (else os-release NAME) and release, e.g. "SLES 12 SP5". */
  source: string;
  /** The target: the target product's name (else the host's) and the image's release, e.g. "SLES 15 SP7". */
  target: string;
  /** The target's VERSION_ID (15.7, 16.0), when the image or the configured product names one. */
  targetVersion: string | undefined;
}

export function migrationEnds(facts: RunFacts): MigrationEnds {
  const release = facts.source.release;
  const sourceName = facts.source.baseProduct?.name ?? release?.NAME;
  const sourceVersion = release?.VERSION_ID ?? facts.source.baseProduct?.version;
  const source = sourceName && sourceVersion ? `${sourceName} ${sleVersion(sourceVersion)}` : facts.source.description;
  const targetName = facts.target.product?.split('/')[0] ?? sourceName;
  const versionId = facts.target.versionId;
  const target = targetName && versionId ? `${targetName} ${sleVersion(versionId)}` : facts.target.name;
  return { source, target, targetVersion: versionId };
}
