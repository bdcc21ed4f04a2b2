// source-release: the release the host runs must be known (/etc/os-release) and agree with its base product:
// the target product, the supported path and the step set are all derived from them.
import { fail, pass, type Check } from './types.js';

export const sourceRelease: Check = {
  id: 'source-release',
  title: 'The release of the host is known and agrees with its base product',
  severity: 'inhibitor',
  remediation:
    'restore /etc/os-release and /etc/products.d from the release package (zypper in -f sles-release after a look at rpm -V sles-release), then run the check again',
  async run(ctx) {
    const { release, releaseProblem, baseProduct } = ctx.facts.source;
    if (releaseProblem || !release) return fail([releaseProblem ?? 'the host has no /etc/os-release']);
    const described = `${release.PRETTY_NAME ?? release.NAME} (VERSION_ID ${release.VERSION_ID})`;
    if (baseProduct?.version && baseProduct.version !== release.VERSION_ID) {
      return fail([
        `/etc/os-release says ${described}, but the base product ${baseProduct.file.slice(ctx.root.length)} is version ${baseProduct.version}`,
      ]);
    }
    return pass(baseProduct?.version ? `${described}, as the base product says` : described);
  },
};
