// Tests of comparing the plan with the packages that changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actualChanges, comparePlan } from '../../../entrypoint/plan/compare.js';
import { emptyPlan, type PlannedPackage } from '../../../entrypoint/plan/types.js';

const pkg = (name: string, kind = 'package'): PlannedPackage => ({ name, kind, arch: 'noarch', edition: '2-1' });

test('rpm lists before and after give the changes; they match a plan that predicted exactly them', () => {
  const before = new Map([
    ['a', ['1-1.noarch']],
    ['b', ['1-1.noarch']],
    ['gone', ['1-1.noarch']],
  ]);
  const after = new Map([
    ['a', ['2-1.noarch']],
    ['b', ['1-1.noarch']],
    ['new', ['2-1.noarch']],
  ]);
  const actual = actualChanges(before, after);
  assert.equal(actual, { changed: ['a'], installed: ['new'], removed: ['gone'] });
  const plan = {
    ...emptyPlan('dup-dry-run', 'x'),
    computed: true,
    upgrade: [pkg('a')],
    install: [pkg('new')],
    remove: [pkg('gone'), pkg('SLES', 'product')],
  };
  assert.equal(comparePlan(plan, actual), { matches: true, actual, plannedNotDone: [], doneNotPlanned: [] });
});

test('changes the plan did not predict, and predicted changes that did not happen, are listed', () => {
  const actual = { changed: ['a', 'surprise'], installed: [], removed: [] };
  const plan = { ...emptyPlan('dup-dry-run', 'x'), computed: true, upgrade: [pkg('a'), pkg('b')] };
  const cmp = comparePlan(plan, actual);
  assert.is(cmp.matches, false);
  assert.equal(cmp.plannedNotDone, ['b']);
  assert.equal(cmp.doneNotPlanned, ['surprise']);
});

test.run();
