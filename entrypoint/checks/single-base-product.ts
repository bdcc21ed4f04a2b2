// single-base-product: the host must have exactly one base product, or the target cannot be derived (SPEC 5.4).
import { HOST_FILES } from '../paths.js';
import { findBaseProduct, scanProducts } from '../system/products.js';
import { fail, pass, type Check } from './types.js';

export const singleBaseProduct: Check = {
  id: 'single-base-product',
  title: 'Exactly one base product',
  severity: 'inhibitor',
  remediation:
    'keep exactly one product file without <flavor> in its <register> in /etc/products.d (the one /etc/products.d/baseproduct points to); move the others away',
  async run(ctx) {
    let scan;
    try {
      scan = await scanProducts(ctx.host(HOST_FILES.productsDir));
    } catch (err) {
      return fail([`${HOST_FILES.productsDir} cannot be read: ${(err as Error).message}`]);
    }
    const notes = scan.unreadable.map((u) => `skipped unreadable ${u.file.slice(ctx.root.length)}: ${u.reason}`);
    const base = findBaseProduct(scan, HOST_FILES.productsDir);
    if (!base.ok) return fail([base.message.replaceAll(ctx.root, ''), ...notes]);
    const p = base.product;
    return pass(`${p.name} ${p.version} (${p.arch}) in ${p.file.slice(ctx.root.length)}`, ...notes);
  },
};
