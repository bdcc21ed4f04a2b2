// The original's merge rules: mappings one level deep, lists appended without duplicates, scalars replaced.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeLayers, MergeDepthError } from '../../../entrypoint/config/merge.js';

test('mappings merge recursively one level deep', () => {
  assert.equal(mergeLayers({ a: { x: 1, y: 2 } }, { a: { y: 3, z: 4 } }), { a: { x: 1, y: 3, z: 4 } });
});

test('lists append, dropping duplicates and keeping the first occurrence', () => {
  assert.equal(mergeLayers({ l: ['a', 'b'] }, { l: ['b', 'c', 'a', 'd'] }), { l: ['a', 'b', 'c', 'd'] });
});

test("a repeat inside the first list goes too, as with the original's list(dict.fromkeys(a + b))", () => {
  assert.equal(mergeLayers({ l: ['a', 'a', 'b'] }, { l: ['c', 'c', 'b'] }), { l: ['a', 'b', 'c'] });
  assert.equal(
    mergeLayers({ l: [{ k: 1 }, 1, '1'] }, { l: [{ k: 1 }, true] }),
    { l: [{ k: 1 }, 1, '1', true] },
    'JSON equality, not Python hash',
  );
});

test('a list only one side has is taken as it is, repeats included (the original merges only lists present on both sides)', () => {
  assert.equal(mergeLayers({}, { l: ['a', 'a'] }), { l: ['a', 'a'] });
  assert.equal(mergeLayers({ l: ['a', 'a'] }, { m: 1 }), { l: ['a', 'a'], m: 1 });
});

test("the original's merge example: {} changes nothing, into {} copies, lists extend, nested mappings merge, scalars replace, keys add", () => {
  const first = { name: 'first', paths: ['first/1', 'first/2'], nested: { keep: 'first', list: ['n1'], over: 'first' }, over: 'first' };
  const second = { paths: ['second/1'], nested: { list: ['n2'], over: 'second', added: 'second' }, over: 'second', added: 'second' };
  assert.equal(mergeLayers(first, {}), first);
  assert.equal(mergeLayers({}, first), first);
  assert.equal(mergeLayers(first, second), {
    name: 'first',
    paths: ['first/1', 'first/2', 'second/1'],
    nested: { keep: 'first', list: ['n1', 'n2'], over: 'second', added: 'second' },
    over: 'second',
    added: 'second',
  });
});

test('scalars and type mismatches are replaced by the later value', () => {
  assert.equal(mergeLayers({ a: 1, b: ['x'], c: { k: 1 } }, { a: 2, b: 'now a string', c: [1] }), { a: 2, b: 'now a string', c: [1] });
});

test('new keys are added and inputs are not modified', () => {
  const a = { a: { x: 1 } };
  const b = { b: true };
  assert.equal(mergeLayers(a, b), { a: { x: 1 }, b: true });
  assert.equal(a, { a: { x: 1 } });
});

test('a third level of mapping present in both layers is refused like the original', () => {
  assert.throws(
    () => mergeLayers({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } }),
    (err: unknown) => err instanceof MergeDepthError && /max recursions 3>2/.test((err as Error).message),
  );
  assert.equal(mergeLayers({ a: { b: { c: 1 } } }, { a: { d: { c: 2 } } }), { a: { b: { c: 1 }, d: { c: 2 } } });
});

test.run();
