// product-setup (SPEC 5.4): the single base product of the session's facts; keep products.d, drop <register><target>.
import { StepError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { withoutRegisterTargets } from '../system/products.js';
import type { Step } from './types.js';

export const productSetup: Step = {
  id: 'product-setup',
  title: 'Detect the base product and prepare it for the upgrade',
  fatal: true,
  async run(ctx) {
    const { source, target, mode } = ctx.facts;
    for (const bad of source.unreadableProducts) {
      ctx.log.warn({ event: 'product.unreadable' }, `skipped unreadable product file ${bad.file}: ${bad.reason}`);
    }
    const product = source.baseProduct;
    if (!product) {
      throw new StepError(
        source.baseProductProblem ?? 'no base product',
        `the host must have exactly one base product (a .prod file whose <register> has no <flavor>); fix ${HOST_FILES.productsDir} (the originals of an earlier run are in ${HOST_FILES.productsBackup}) and run again`,
      );
    }
    ctx.log.info(
      { event: 'product.base', product: { name: product.name, version: product.version, arch: product.arch } },
      `base product: ${product.name} ${product.version} (${product.arch}) in ${product.file}`,
    );
    // A host whose base product is the target release already (a re-run after the upgrade, --restart): its new
    // product file is the package's own and must stay so (rpm -V), so nothing is edited.
    if (target.versionId !== undefined && product.version === target.versionId) {
      ctx.log.info(
        { event: 'product.target' },
        `the base product is already ${product.name} ${product.version}, the target release: ${product.file} is left as it is`,
      );
      return;
    }
    // Plugin mode needs the target product: an unknown one fails here, before the host is edited.
    if (mode === 'plugin') {
      if (!target.product) {
        throw new StepError(
          target.productProblem ?? 'no target product',
          'set migration_product (NAME/VERSION/ARCH) in /etc/sle-migration-service.yml or pass --product',
        );
      }
      ctx.log.info(
        { event: 'product.target-product', target: target.product },
        `migration target product: ${target.product} (${target.productSource})`,
      );
    }

    // The products as they were before the first run (the upgrade's rpm transaction replaces them); a re-run keeps that copy.
    const kept = await ctx.files.keepOriginal(HOST_FILES.productsDir);
    ctx.log.info({ event: 'product.backup' }, `the host's ${HOST_FILES.productsDir} as it was before the migration is kept in ${kept}`);

    // zypper compares the product's <target> with the repositories' distro_target and refuses a mismatch.
    const hostFile = `${HOST_FILES.productsDir}/${product.file.split('/').pop()}`;
    try {
      let removed = 0;
      await ctx.files.edit(hostFile, async (text) => {
        const edited = await withoutRegisterTargets(text);
        removed = edited.removed;
        return edited.text;
      });
      ctx.log.info(
        { event: 'product.target' },
        removed > 0 ? `removed ${removed} <target> element(s) from ${hostFile}` : `no <target> left in ${hostFile}`,
      );
    } catch (err) {
      ctx.log.warn({ event: 'product.target' }, `could not rewrite ${hostFile}: ${(err as Error).message}`);
    }
  },
};
