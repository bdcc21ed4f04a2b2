import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { migrationQueryArgv, parseMigrationTargets } from '../../../entrypoint/plan/dry-run.js';

test('the migration targets of zypper migration --query are read from its numbered list', () => {
  const output = 'Available migrations:\n\n    1 | SUSE Linux Enterprise Server 15 SP7 x86_64\n        Basesystem Module 15 SP7 x86_64\n\n    2 | SUSE Linux Enterprise Server 15 SP6 x86_64\n';
  assert.equal(parseMigrationTargets(output), ['SUSE Linux Enterprise Server 15 SP7 x86_64', 'SUSE Linux Enterprise Server 15 SP6 x86_64']);
});

test('the query runs against the root given, without self-update', () => {
  assert.equal(migrationQueryArgv('/view'), ['zypper', 'migration', '--query', '--non-interactive', '--no-selfupdate', '--root', '/view']);
});

test.run();
