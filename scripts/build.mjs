#!/usr/bin/env node
// Bundles entrypoint/ into the single file dist/entrypoint.mjs that the image runs as ENTRYPOINT.
import { build } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const names = JSON.parse(await readFile(new URL('../image/names.json', import.meta.url), 'utf8'));
const nodeMajor = names.nodeVersion.split('.')[0];
const outfile = 'dist/entrypoint.mjs';

await build({
  entryPoints: ['entrypoint/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The production image (SUSE BCI Node.js) and the test base run the same pinned Node major.
  target: `node${nodeMajor}`,
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  define: { __DMS_VERSION__: JSON.stringify(pkg.version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __dmsCreateRequire } from 'node:module'; const require = __dmsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const { size } = await stat(outfile);
console.log(`built ${outfile} (${(size / 1024).toFixed(0)} KiB, target node${nodeMajor})`);
