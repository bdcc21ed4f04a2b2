// single-base-product: the host must have exactly one base product, or the target cannot be derived (SPEC 5.4).
import { fail, pass, type Check } from './types.js';

export const singleBaseProduct: Check = {
  id: 'single-base-product',
  title: 'Exactly one base product',
  severity: 'inhibitor',
  remediation:
    'keep exactly one product file without <flavor> in its <register> in /etc/products.d (the one /etc/products.d/baseproduct points to); move the others away',
  async run(ctx) {
    const { baseProduct, baseProductProblem, unreadableProducts } = ctx.facts.source;
    const notes = unreadableProducts.map((u) => `skipped unreadable ${u.file.slice(ctx.root.length)}: ${u.reason}`);
    if (!baseProduct) return fail([baseProductProblem ?? 'no base product', ...notes]);
    return pass(
      `${baseProduct.name} ${baseProduct.version} (${baseProduct.arch ?? 'no arch'}) in ${baseProduct.file.slice(ctx.root.length)}`,
      ...notes,
    );
  },
};
