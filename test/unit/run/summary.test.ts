// The result summary: package changes, the human block, unknown counts and long lists.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffPackages, formatSummary, type Summary } from '../../../entrypoint/run/summary.js';
import { parsePackageList } from '../../../entrypoint/system/rpm-db.js';

test('package changes: upgraded (version differs), new and removed names', () => {
  const before = parsePackageList('a 1-1\nb 1-1\nc 1-1\nkernel 1-1\n');
  const after = parsePackageList('a 2-1\nb 1-1\nd 1-1\nkernel 1-1\nkernel 2-1\n');
  assert.equal(diffPackages(before, after), { upgraded: 2, added: ['d'], removed: ['c'], before: 4, after: 4 });
});

const base: Summary = {
  ok: false,
  before: 'SUSE Linux Enterprise Server 12 SP5',
  after: 'SUSE Linux Enterprise Server 12 SP5',
  steps: [
    { id: 'prepare', status: 'succeeded', durationMs: 1234 },
    { id: 'upgrade', status: 'failed', durationMs: 20500 },
    { id: 'post', status: 'not-run', durationMs: 0 },
  ],
  failedStep: 'upgrade',
  error: 'Migration failed with: zypper dup exit code 106',
  hint: 'check that the target repositories are reachable',
  exitCode: 1,
  logs: ['/var/log/distro_migration.log', '/var/log/distro_migration.jsonl'],
};

test('the human block: result, systems, steps with durations, failure with hint, exit code and logs', () => {
  const text = formatSummary({ ...base, packages: { upgraded: 15, added: ['python3-demo'], removed: [], before: 20, after: 21 } });
  const lines = text.split('\n');
  assert.is(lines[0], 'Migration summary: FAILED');
  assert.is(lines[1], '  system:   SUSE Linux Enterprise Server 12 SP5 -> SUSE Linux Enterprise Server 12 SP5');
  assert.is(lines[2], '  packages: 15 upgraded, 1 new (python3-demo), 0 removed (20 before, 21 after)');
  assert.match(lines[3]!, /^ {2}steps: {4}prepare +succeeded 1\.2 s$/);
  assert.match(lines[4]!, /^ {12}upgrade +failed +20\.5 s$/);
  assert.match(lines[5]!, /^ {12}post +not-run$/);
  assert.is(lines[6], '  failed:   upgrade: Migration failed with: zypper dup exit code 106');
  assert.is(lines[7], '  hint:     check that the target repositories are reachable');
  assert.is(lines[8], '  result:   exit code 1 (/var/log/distro_migration.exitcode)');
  assert.is(lines[9], '  logs:     /var/log/distro_migration.log, /var/log/distro_migration.jsonl');
});

test('unknown package counts are said, long name lists are cut', () => {
  assert.match(formatSummary(base), /packages: unknown \(rpm -qa of the host root failed/);
  const many = Array.from({ length: 11 }, (_, i) => `p${i}`);
  assert.match(
    formatSummary({ ...base, packages: { upgraded: 0, added: many, removed: [], before: 0, after: 11 } }),
    /11 new \(p0, p1, p2, p3, p4, p5, p6, p7, \+3 more\)/,
  );
});

test.run();
