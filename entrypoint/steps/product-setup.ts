// product-setup (SPEC 5.4): find the single base product, resolve the target product, back up products.d, drop <register><target>.
import { cp } from 'node:fs/promises';
import { oneLine } from '../cli-text.js';
import { StepError } from '../errors.js';
import { HOST_FILES } from '../paths.js';
import { pathExists } from '../system/fs.js';
import { findBaseProduct, removeRegisterTargets, scanProducts } from '../system/products.js';
import type { Step } from './types.js';
import { targetProduct } from './upgrade.js';

const PRODUCT_NAME = /^[A-Za-z][A-Za-z0-9_.+-]*$/;
const PRODUCT_ARCH = /^[A-Za-z0-9_]+$/;

export const productSetup: Step = {
  id: 'product-setup',
  title: 'Detect the base product and prepare it for the upgrade',
  fatal: true,
  alwaysRuns: true,
  async run(ctx) {
    const dir = ctx.host(HOST_FILES.productsDir);
    let scan;
    try {
      scan = await scanProducts(dir);
    } catch (err) {
      throw new StepError(
        `cannot read the host's ${HOST_FILES.productsDir}: ${(err as Error).message}`,
        'a SUSE system has its products in /etc/products.d; is the host root mounted?',
      );
    }
    for (const bad of scan.unreadable) {
      ctx.log.warn({ event: 'product.unreadable' }, `skipped unreadable product file ${bad.file}: ${bad.reason}`);
    }
    const base = findBaseProduct(scan, HOST_FILES.productsDir);
    if (!base.ok) {
      throw new StepError(
        base.message,
        'the host must have exactly one base product (a .prod file whose <register> has no <flavor>); fix /etc/products.d and run again',
      );
    }
    const product = base.product;
    // The name and arch become part of `--product NAME/VERSION/ARCH`: a crafted product file must not shape it.
    for (const [field, value, pattern] of [
      ['name', product.name, PRODUCT_NAME],
      ['arch', product.arch, PRODUCT_ARCH],
    ] as const) {
      if (value !== undefined && !pattern.test(value)) {
        throw new StepError(
          `the base product ${product.file} has <${field}>${oneLine(value, 60)}</${field}>, which is not a product ${field}`,
          `restore the product file from the installation media or ${HOST_FILES.productsBackup}, then run again`,
        );
      }
    }
    ctx.state.baseProduct = product;
    ctx.log.info(
      { event: 'product.base', product: { name: product.name, version: product.version, arch: product.arch } },
      `base product: ${product.name} ${product.version} (${product.arch}) in ${product.file}`,
    );
    // Plugin mode needs the target product: resolve it now, so an unknown one fails before the host is edited.
    if (ctx.config.use_zypper_migration) {
      const target = targetProduct(ctx);
      ctx.log.info(
        { event: 'product.target-product', target },
        `migration target product: ${target}${ctx.config.migration_product ? ' (configured)' : ' (detected)'}`,
      );
    }

    // Keep the products as they were before the first run; a re-run must not overwrite that backup.
    const backup = ctx.host(HOST_FILES.productsBackup);
    if (!(await pathExists(backup))) {
      await cp(dir, backup, { recursive: true, verbatimSymlinks: true });
      ctx.log.info({ event: 'product.backup' }, `backed up ${HOST_FILES.productsDir} to ${HOST_FILES.productsBackup}`);
    } else {
      ctx.log.info({ event: 'product.backup' }, `keeping the existing backup in ${HOST_FILES.productsBackup}`);
    }

    // zypper compares the product's <target> with the repositories' distro_target and refuses a mismatch.
    try {
      const removed = await removeRegisterTargets(product.file);
      ctx.log.info(
        { event: 'product.target' },
        removed > 0 ? `removed ${removed} <target> element(s) from ${product.file}` : `no <target> left in ${product.file}`,
      );
    } catch (err) {
      ctx.log.warn({ event: 'product.target' }, `could not rewrite ${product.file}: ${(err as Error).message}`);
    }
  },
};
