// Reads zypper's text output lines as progress (plugin mode: the plugin runs zypper without --xmlout): the plan's package
// counts, downloads and installs (n/N). Dup mode reads the same records from XML elements: zypper-xml-output.ts.

export type ZypperProgress =
  | { phase: 'plan'; upgrade: number; install: number; remove: number; downgrade: number }
  | { phase: 'download' | 'install' | 'remove'; done: number; total: number; percent: number; item: string };

const PLAN = /^(?:(\d+) packages? to upgrade)?(?:,?\s*(\d+) to downgrade)?(?:,?\s*(\d+) new)?(?:,?\s*(\d+) to remove)?\.?$/;
const DOWNLOAD = /^Retrieving (?:package|delta) (\S+) \((\d+)\/(\d+)\)/;
// zypper pads the counter to the width of the total: "( 1/18) Installing: ...".
const INSTALL = /^\(\s*(\d+)\/(\d+)\) (Installing|Removing):? (\S+)/;

function step(phase: 'download' | 'install' | 'remove', done: string, total: string, item: string): ZypperProgress {
  const d = Number(done);
  const t = Number(total);
  return { phase, done: d, total: t, percent: t > 0 ? Math.round((d / t) * 100) : 0, item };
}

/** One output line to a progress record, or undefined when the line carries none. */
export function parseZypperProgress(line: string): ZypperProgress | undefined {
  const text = line.trim();
  let m = DOWNLOAD.exec(text);
  if (m) return step('download', m[2]!, m[3]!, m[1]!);
  m = INSTALL.exec(text);
  if (m) return step(m[3] === 'Installing' ? 'install' : 'remove', m[1]!, m[2]!, m[4]!);
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
