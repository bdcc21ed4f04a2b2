// Reads zypper's text output lines as progress (plugin mode: the plugin runs zypper without --xmlout): the plan's package
// counts, downloads and installs (n/N). Dup mode reads the same records from XML elements: zypper-xml-output.ts.

export type ZypperProgress =
  | { phase: 'plan'; upgrade: number; install: number; remove: number; downgrade: number }
  | { phase: 'download' | 'install' | 'remove'; done: number; total: number; percent: number; item: string };

const PLAN = /^(?:(\d+) packages? to upgrade)?(?:,?\s*(\d+) to downgrade)?(?:,?\s*(\d+) new)?(?:,?\s*(\d+) to remove)?\.?$/;
const DOWNLOAD = /^Retrieving (?:package|delta) (\S+) \((\d+)\/(\d+)\)/;
// zypper pads the counter to the width of the total: "( 1/18) Installing: ...".
const INSTALL = /^\(\s*(\d+)\/(\d+)\) (Installing|Removing):? (\S+)/;

/** The record of item `done` of `total` in a phase, with its percentage (also of the --xmlout reading). */
export function progressStep(phase: 'download' | 'install' | 'remove', done: number, total: number, item: string): ZypperProgress {
  return { phase, done, total, percent: total > 0 ? Math.round((done / total) * 100) : 0, item };
}

/** One output line to a progress record, or undefined when the line carries none. */
export function parseZypperProgress(line: string): ZypperProgress | undefined {
  const text = line.trim();
  let m = DOWNLOAD.exec(text);
  if (m) return progressStep('download', Number(m[2]), Number(m[3]), m[1]!);
  m = INSTALL.exec(text);
  if (m) return progressStep(m[3] === 'Installing' ? 'install' : 'remove', Number(m[1]), Number(m[2]), m[4]!);
  if (/\b(to upgrade|new|to remove|to downgrade)\.?$/.test(text)) {
    m = PLAN.exec(text);
    if (m?.slice(1).some(Boolean)) {
      return {
        phase: 'plan',
        upgrade: Number(m[1] ?? 0),
        downgrade: Number(m[2] ?? 0),
        install: Number(m[3] ?? 0),
        remove: Number(m[4] ?? 0),
      };
    }
  }
  return undefined;
}
