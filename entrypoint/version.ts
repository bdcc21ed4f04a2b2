// The program version, injected by the esbuild bundle (scripts/build.mjs); "dev" when run from source.
declare const __DMS_VERSION__: string | undefined;

export const VERSION: string = typeof __DMS_VERSION__ === 'string' ? __DMS_VERSION__ : 'dev';
