// The change plan: what the solver predicts the upgrade will do to the host's packages.

export interface PlannedPackage {
  name: string;
  /** kind of solvable: package, product, pattern, patch */
  kind: string;
  arch: string;
  /** version-release after the upgrade (for removals: the installed one) */
  edition: string;
  /** version-release before (upgrades and downgrades only) */
  editionOld?: string;
  vendor?: string;
  vendorOld?: string;
}

export interface Plan {
  /** How the plan was made: `zypper dup --dry-run` (dup mode) or the registration server's offered migrations (plugin mode). */
  method: 'dup-dry-run' | 'migration-query';
  /** The command, as a string for humans. */
  command: string;
  /** false: the solver could not be asked (problems or errors say why). */
  computed: boolean;
  upgrade: PlannedPackage[];
  install: PlannedPackage[];
  remove: PlannedPackage[];
  downgrade: PlannedPackage[];
  vendorChange: PlannedPackage[];
  /** Bytes to download; undefined when unknown. */
  downloadBytes?: number;
  /** Change of used disk space in bytes after the upgrade (negative: freed); undefined when unknown. */
  spaceUsageDiffBytes?: number;
  /** Solver problems, in the solver's own words (each one blocks the upgrade). */
  problems: string[];
  /** Errors of zypper itself (e.g. a repository that cannot be read). */
  errors: string[];
  /** Plugin mode: the migration targets the registration server offers. */
  migrationTargets?: string[];
  /** What could not be predicted, in words. */
  notes: string[];
}

export function emptyPlan(method: Plan['method'], command: string): Plan {
  return {
    method,
    command,
    computed: false,
    upgrade: [],
    install: [],
    remove: [],
    downgrade: [],
    vendorChange: [],
    problems: [],
    errors: [],
    notes: [],
  };
}

/** Packages only (not products or patterns), as NAME for counting and comparing. */
export function packageNames(list: PlannedPackage[]): string[] {
  return list.filter((p) => p.kind === 'package').map((p) => p.name);
}
