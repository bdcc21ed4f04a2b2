// wicked-to-networkmanager: wicked2nm must be able to convert the host's wicked configuration (SPEC 6.9).
// As the original (prechecks/wicked2nm.py): the cached config.xml, else `wicked show-config` made for the
// dry run only; ours runs it chrooted in a throw-away view and keeps its output in a container file.
import { isSymlink, pathExists } from '../system/fs.js';
import type { CommandResult } from '../system/exec.js';
import { wicked2nmDryRunQuery, wickedShowConfigQuery } from '../system/read-only.js';
import { hostProgram } from './read.js';
import { type CheckContext, fail, type Finding, notApplicable, pass, type Check } from './types.js';

export const WICKED_WANTS = '/etc/systemd/system/network-online.target.wants/wicked.service';
export const WICKED_CONFIG = '/var/cache/wicked_config/config.xml';

/**
 * The host's wicked configuration from `wicked show-config` when there is no cached config.xml, as the original
 * does; run chrooted in a throw-away view of the host root, so whatever wicked writes does not reach the host.
 */
async function showConfig(ctx: CheckContext): Promise<string | Finding> {
  if (!(await hostProgram(ctx.host, 'wicked'))) {
    return fail([`the host uses wicked, but has neither ${WICKED_CONFIG} nor the wicked program: the conversion could not be checked`], {
      severity: 'warning',
      remediation: `install wicked, or write the configuration by hand: mkdir -p /var/cache/wicked_config && wicked show-config > ${WICKED_CONFIG}`,
    });
  }
  const show = await ctx.exec.inThrowawayView(ctx.root, (view) => ctx.exec.query(wickedShowConfigQuery(view)));
  if (!show.ok || !show.stdout.trim()) {
    return fail(
      [
        `${WICKED_CONFIG} is missing and wicked show-config failed (exit code ${show.exitCode}): the conversion could not be checked`,
        ...(show.stderr.trim() ? [show.stderr.trim()] : []),
      ],
      {
        severity: 'warning',
        remediation: `run wicked show-config on the host and fix what it reports; the migrate shim writes its output to ${WICKED_CONFIG}`,
      },
    );
  }
  return show.stdout;
}

export const wickedToNetworkManager: Check = {
  id: 'wicked-to-networkmanager',
  title: 'The wicked network configuration converts to NetworkManager',
  severity: 'inhibitor',
  sinceMajor: 16,
  remediation: 'run wicked2nm migrate --dry-run on the host and fix what it reports',
  async run(ctx) {
    if (!(await isSymlink(ctx.host(WICKED_WANTS)))) return notApplicable('the host does not use wicked');
    const netconfig = ctx.host('/etc/sysconfig/network');
    let r: CommandResult;
    let source = WICKED_CONFIG;
    if (await pathExists(ctx.host(WICKED_CONFIG))) {
      r = await ctx.exec.query(wicked2nmDryRunQuery(netconfig, ctx.host(WICKED_CONFIG)));
    } else {
      source = `the output of wicked show-config (no ${WICKED_CONFIG})`;
      const made = await showConfig(ctx);
      if (typeof made !== 'string') return made;
      r = await ctx.exec.withScratchFile('config.xml', made, (file) => ctx.exec.query(wicked2nmDryRunQuery(netconfig, file)));
    }
    const stderr = r.stderr.trim();
    if (r.notFound)
      return fail(['wicked2nm is not installed in this image: the conversion could not be checked'], {
        severity: 'warning',
        remediation: 'use the SLE 16 migration image, which contains wicked2nm',
      });
    if (r.ok) return pass(`wicked2nm migrate --dry-run succeeded on ${source}`, ...(stderr ? [stderr] : []));
    if (r.exitCode === 3) {
      if (ctx.config.network['wicked2nm-continue-migration']) {
        return pass(
          'wicked2nm reported settings it cannot convert; network.wicked2nm-continue-migration is true, so the migration continues',
          ...(stderr ? [stderr] : []),
        );
      }
      return fail([`wicked2nm found settings it cannot convert in ${source}`, ...(stderr ? [stderr] : [])], {
        severity: 'warning',
        remediation:
          'review the settings above; to migrate anyway set "network: {wicked2nm-continue-migration: true}" in /etc/sle-migration-service.yml',
      });
    }
    return fail([`wicked2nm migrate --dry-run failed on ${source} (exit code ${r.exitCode})`, ...(stderr ? [stderr] : [])]);
  },
};
