#!/usr/bin/env node
// Runs `npm ci` when node_modules is missing or older than package-lock.json (npm's pre-scripts call this,
// so `npm run demo` and `npm test` work on a fresh clone). Uses only Node's standard library.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const installed = mtime('node_modules/.package-lock.json');
if (installed === 0 || installed < mtime('package-lock.json')) {
  console.log('ensure-deps: installing npm dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
