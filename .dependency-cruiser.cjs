// The import rules of entrypoint/ (docs/development.md, "Where things live"): no circles, and no import
// from a lower floor to a higher one. Run by npm test: npx depcruise entrypoint --config .dependency-cruiser.cjs
const FLOORS = [
  ['^entrypoint/(paths|errors|version|cli-text)\\.ts$', '^entrypoint/log/'],
  ['^entrypoint/config/', '^entrypoint/system/'],
  ['^entrypoint/facts/'],
  ['^entrypoint/plan/', '^entrypoint/journal/', '^entrypoint/stage/'],
  ['^entrypoint/checks/'],
  ['^entrypoint/steps/'],
  ['^entrypoint/report/'],
  ['^entrypoint/run/', '^entrypoint/support/'],
  ['^entrypoint/commands/'],
  ['^entrypoint/cli\\.ts$'],
  ['^entrypoint/main\\.ts$'],
];

const upward = FLOORS.slice(0, -1).map((floor, i) => ({
  name: `floor-${i}-imports-upward`,
  comment: `${floor.join(' ')} may not import anything above it`,
  severity: 'error',
  from: { path: floor },
  to: { path: FLOORS.slice(i + 1).flat() },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a module must not import one that (indirectly) imports it back, types included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unknown-floor',
      comment: 'every file of entrypoint/ belongs to a floor of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^entrypoint/', pathNot: FLOORS.flat() },
      to: {},
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
