// The configuration schema (SPEC 3.3): every key optional, unknown keys rejected.
import { z } from 'zod';

/** `NAME/VERSION/ARCH`, e.g. `SLES/16.0/x86_64`: no spaces, no shell or path tricks. */
export const PRODUCT_PATTERN = /^[A-Za-z][A-Za-z0-9_.+-]*\/[0-9][0-9A-Za-z._+-]*\/[A-Za-z0-9_]+$/;

export const productSchema = z.string().regex(PRODUCT_PATTERN, { message: 'must look like NAME/VERSION/ARCH, e.g. SLES/15.7/x86_64' });

/**
 * A `preserve` list: the original's schema says only `list` (not null), whatever the items are; this program reads
 * none of them (the live-ISO workflow used them), so any item is accepted, as there.
 */
const preserveList = z.array(z.unknown(), { message: 'must be a list of path patterns' });

/** `YYYY-MM-DD` naming a day that exists (2026-02-30 does not). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A pre-flight check the administrator accepts: reported as waived, never dropped; ignored after `expires`. */
export const waiverSchema = z.strictObject(
  {
    id: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a check id, e.g. third-party' }),
    reason: z.string().trim().min(1, { message: 'must say why the check is waived' }),
    expires: z.string().refine(isCalendarDate, { message: 'must be a date YYYY-MM-DD' }).optional(),
  },
  { message: 'must be a mapping with the keys id, reason and optionally expires' },
);

export type Waiver = z.infer<typeof waiverSchema>;

export const configSchema = z.strictObject({
  debug: z.boolean().optional(),
  migration_product: productSchema.optional(),
  preserve: z
    .strictObject(
      {
        rules: preserveList.optional(),
        static: preserveList.optional(),
        sysctl: preserveList.optional(),
      },
      { message: 'must be a mapping with the keys rules, static, sysctl' },
    )
    .optional(),
  soft_reboot: z.boolean().optional(),
  use_zypper_migration: z.boolean().optional(),
  verbose_migration: z.boolean().optional(),
  build_host_independent_initrd: z.boolean().optional(),
  pre_checks_fix: z.boolean().optional(),
  debug_solver: z.boolean().optional(),
  network: z
    .strictObject(
      { 'wicked2nm-continue-migration': z.boolean().optional() },
      { message: 'must be a mapping with the key wicked2nm-continue-migration' },
    )
    .optional(),
  waivers: z.array(waiverSchema, { message: 'must be a list of {id, reason, expires?}' }).optional(),
  plan_timeout: z
    .number({ message: 'must be a number of seconds' })
    .int({ message: 'must be a whole number of seconds' })
    .min(10, { message: 'must be at least 10 (seconds)' })
    .max(86_400, { message: 'must be at most 86400 (one day)' })
    .optional(),
});

/** One configuration layer as written in a file (all keys optional). */
export type ConfigLayer = z.infer<typeof configSchema>;

/** The effective configuration: defaults filled in. */
export interface MigrationConfig {
  debug: boolean;
  migration_product?: string;
  /** Accepted for compatibility and not used (see preserveList). */
  preserve: { rules: unknown[]; static: unknown[]; sysctl: unknown[] };
  soft_reboot: boolean;
  use_zypper_migration: boolean;
  verbose_migration: boolean;
  build_host_independent_initrd: boolean;
  pre_checks_fix: boolean;
  debug_solver: boolean;
  network: { 'wicked2nm-continue-migration': boolean };
  /** Pre-flight checks accepted by the administrator (see docs/report.md). */
  waivers: Waiver[];
  /** Seconds the pre-flight's solver query (dry run or migration query) may take before it is stopped. */
  plan_timeout: number;
}

export const DEFAULTS: MigrationConfig = {
  debug: false,
  preserve: { rules: [], static: [], sysctl: [] },
  soft_reboot: false,
  use_zypper_migration: true,
  verbose_migration: false,
  build_host_independent_initrd: false,
  pre_checks_fix: true,
  debug_solver: false,
  network: { 'wicked2nm-continue-migration': false },
  waivers: [],
  plan_timeout: 1800,
};

/** Validates one layer; returns the problems as `key: message` strings (empty when valid). */
export function validateLayer(data: unknown): { layer?: ConfigLayer; problems: string[] } {
  const result = configSchema.safeParse(data);
  if (result.success) return { layer: result.data, problems: [] };
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  return { problems };
}
