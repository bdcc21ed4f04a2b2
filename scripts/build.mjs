#!/usr/bin/env node
// Bundles entrypoint/ into the single file dist/entrypoint.mjs that the image runs as ENTRYPOINT.
import { build } from 'esbuild';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const names = JSON.parse(await readFile(new URL('../image/names.json', import.meta.url), 'utf8'));
const nodeMajor = names.nodeVersion.split('.')[0];
const outfile = 'dist/entrypoint.mjs';

// zod re-exports all its message locales as a namespace (`z.locales`), which keeps 64 translations (about 260 KiB,
// a sixth of the bundle) that the program never uses: its messages are English (zod's default `en`, imported by
// zod directly, stays). Every start decodes and compiles the whole file, so the namespace is left empty here.
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// yaml's "node" build is CommonJS: 60 small modules, each wrapped and evaluated on every start (about 10 ms).
// Its ES-module build is the same code (it only logs warnings with console.warn instead of process.emitWarning),
// which esbuild hoists into one scope.
const yamlAsModule = {
  name: 'yaml-as-module',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: fileURLToPath(new URL('../node_modules/yaml/browser/index.js', import.meta.url)) }));
  },
};

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
  plugins: [zodWithoutLocales, yamlAsModule],
});
const { size } = await stat(outfile);
console.log(`built ${outfile} (${(size / 1024).toFixed(0)} KiB, target node${nodeMajor})`);
