// supported-path: the host's release and product and the target must be an upgrade path SUSE supports
// (the table in facts/supported-paths.ts); a waiver lets an administrator go on regardless.
import { describeSupportedPaths, judgeUpgradePath, releaseLabel, sourceOf, targetOf } from '../facts/supported-paths.js';
import { fail, pass, type Check } from './types.js';

const WAIVE = 'to go on at your own risk, waive it in /etc/sle-migration-service.yml: waivers: [{id: supported-path, reason: ...}]';

export const supportedPath: Check = {
  id: 'supported-path',
  title: 'The migration is an upgrade path SUSE supports',
  severity: 'inhibitor',
  async run(ctx) {
    const source = sourceOf(ctx.facts);
    const target = targetOf(ctx.facts, source.release);
    if (!source.release || !target.release) {
      const side = !source.release ? `the host's release is unknown (${source.from})` : `the target is unknown (${target.from})`;
      return fail([`${side}: the path cannot be checked`, `supported: ${describeSupportedPaths()}`], {
        severity: 'warning',
        remediation: 'the checks single-base-product and registration-migration-path say what is missing',
      });
    }
    const installed = ctx.facts.source.installedProducts.map((p) => p.identifier);
    const judgement = judgeUpgradePath(source.release, target.release, installed);
    const sides = [
      `host: ${source.release.product} ${releaseLabel(source.release.version)}, from ${source.from}`,
      `target: ${target.release.product} ${releaseLabel(target.release.version)}, from ${target.from}`,
    ];
    if (judgement.supported) return pass(judgement.note, ...sides);
    return fail([`${judgement.reason}: not a path SUSE supports`, ...sides, `supported: ${describeSupportedPaths()}`], {
      remediation: `${judgement.advice}; ${WAIVE}`,
    });
  },
};
