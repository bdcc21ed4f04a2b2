// xmldom, loaded on first use: evaluating it (its entity tables) costs a start 12 ms that only the
// product-file parser (system/products.ts) needs. esbuild inlines the dynamic import: the bundle stays one file.
import type * as Xmldom from '@xmldom/xmldom';

let loading: Promise<typeof Xmldom> | undefined;

export function xmldom(): Promise<typeof Xmldom> {
  if (!loading) loading = import('@xmldom/xmldom');
  return loading;
}
