// wicked-to-networkmanager: wicked2nm must be able to convert the host's wicked configuration (SPEC 6.9).
import { isSymlink, pathExists } from '../system/fs.js';
import { wicked2nmDryRunQuery } from '../system/read-only.js';
import { fail, pass, type Check } from './types.js';

export const WICKED_WANTS = '/etc/systemd/system/network-online.target.wants/wicked.service';
export const WICKED_CONFIG = '/var/cache/wicked_config/config.xml';

export const wickedToNetworkManager: Check = {
  id: 'wicked-to-networkmanager',
  title: 'The wicked network configuration converts to NetworkManager',
  severity: 'inhibitor',
  sinceMajor: 16,
  remediation: 'run wicked2nm migrate --dry-run on the host and fix what it reports',
  async run(ctx) {
    if (!(await isSymlink(ctx.host(WICKED_WANTS)))) return pass('the host does not use wicked');
    if (!(await pathExists(ctx.host(WICKED_CONFIG)))) {
      return fail([`the host uses wicked but ${WICKED_CONFIG} is missing`], {
        severity: 'warning',
        remediation: `the migrate shim writes it; by hand: mkdir -p /var/cache/wicked_config && wicked show-config > ${WICKED_CONFIG}`,
      });
    }
    const r = await ctx.exec.query(wicked2nmDryRunQuery(ctx.host('/etc/sysconfig/network'), ctx.host(WICKED_CONFIG)));
    const stderr = r.stderr.trim();
    if (r.notFound)
      return fail(['wicked2nm is not installed in this image: the conversion could not be checked'], {
        severity: 'warning',
        remediation: 'use the SLE 16 migration image, which contains wicked2nm',
      });
    if (r.ok) return pass('wicked2nm migrate --dry-run succeeded', ...(stderr ? [stderr] : []));
    if (r.exitCode === 3) {
      if (ctx.config.network['wicked2nm-continue-migration']) {
        return pass(
          'wicked2nm reported settings it cannot convert; network.wicked2nm-continue-migration is true, so the migration continues',
          ...(stderr ? [stderr] : []),
        );
      }
      return fail(['wicked2nm found settings it cannot convert', ...(stderr ? [stderr] : [])], {
        severity: 'warning',
        remediation:
          'review the settings above; to migrate anyway set "network: {wicked2nm-continue-migration: true}" in /etc/sle-migration-service.yml',
      });
    }
    return fail([`wicked2nm migrate --dry-run failed (exit code ${r.exitCode})`, ...(stderr ? [stderr] : [])]);
  },
};
