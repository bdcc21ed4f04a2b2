// Product files: the base product, modules, several or unreadable files, removing <register><target>.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findBaseProduct, scanProducts, withoutRegisterTargets } from '../../../entrypoint/system/products.js';

const FIXTURES = path.resolve('test/fixtures/products');

test('the product whose <register> has no <flavor> is the base product; the baseproduct link is not read twice', async () => {
  const scan = await scanProducts(path.join(FIXTURES, 'single'));
  assert.is(scan.products.length, 2);
  const base = findBaseProduct(scan, 'products.d');
  assert.ok(base.ok);
  if (base.ok) {
    assert.is(base.product.name, 'SLES');
    assert.is(base.product.version, '15.7');
    assert.is(base.product.arch, 'x86_64');
  }
});

test('only modules means there is no base product', async () => {
  const base = findBaseProduct(await scanProducts(path.join(FIXTURES, 'none')), '/etc/products.d');
  assert.not.ok(base.ok);
  if (!base.ok) assert.match(base.message, /^There is no baseproduct/);
});

test('two products without <flavor> are refused with both files named', async () => {
  const base = findBaseProduct(await scanProducts(path.join(FIXTURES, 'multiple')), '/etc/products.d');
  assert.not.ok(base.ok);
  if (!base.ok) {
    assert.match(base.message, /^Found multiple product definitions without element <flavor>: /);
    assert.is(base.files.length, 2);
  }
});

test('an unparsable product file is skipped and reported', async () => {
  const scan = await scanProducts(path.join(FIXTURES, 'broken'));
  assert.is(scan.unreadable.length, 1);
  assert.ok(scan.unreadable[0]!.file.endsWith('garbage.prod'));
  assert.ok(findBaseProduct(scan, 'x').ok);
});

test('<target> is removed from <register>, the rest of the product stays, a second run changes nothing', async () => {
  const original = await readFile(path.join(FIXTURES, 'single/SLES.prod'), 'utf8');
  const first = await withoutRegisterTargets(original);
  assert.is(first.removed, 1);
  const text = first.text;
  assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  assert.not.ok(text.includes('<target>'));
  assert.ok(text.includes('<repository repoid="obsrepository://example/update"/>'));
  assert.ok(text.includes('<name>SLES</name>'));
  assert.equal(await withoutRegisterTargets(text), { text, removed: 0 });
});

test.run();
