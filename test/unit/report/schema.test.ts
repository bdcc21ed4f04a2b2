// Tests of the report schema and the checked-in docs/report.schema.json.
import { readFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { testFacts } from '../../helpers/facts.js';
import { buildReport } from '../../../entrypoint/report/model.js';
import { reportJsonSchema, reportSchema } from '../../../entrypoint/report/schema.js';

test('docs/report.schema.json is the JSON Schema generated from the report schema (regenerate: node --import tsx scripts/schemas.mjs)', async () => {
  const checkedIn = JSON.parse(await readFile('docs/report.schema.json', 'utf8')) as object;
  assert.equal(checkedIn, JSON.parse(JSON.stringify(reportJsonSchema())));
});

test('a built report validates against the schema; a report with an unknown result does not', () => {
  const report = buildReport({
    kind: 'check',
    now: new Date(0),
    facts: testFacts(),
    result: 'ready',
    checks: [{ id: 'xfs-v4', title: 'XFS', severity: 'warning', status: 'passed', evidence: ['ext4'] }],
  });
  assert.ok(reportSchema.safeParse(report).success);
  assert.is(reportSchema.safeParse({ ...report, result: 'maybe' }).success, false);
});

test.run();
