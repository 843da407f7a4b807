import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileFormatOf, parseByFormat } from '../../fixtures/file-format';

test('one file-format rule: .json is JSON, anything else YAML', () => {
  assert.equal(fileFormatOf('target.json'), 'JSON');
  assert.equal(fileFormatOf('TARGET.JSON'), 'JSON');
  assert.equal(fileFormatOf('target.yaml'), 'YAML');
  assert.equal(fileFormatOf('expected-failures.yml'), 'YAML');
  assert.equal(fileFormatOf('expected-failures'), 'YAML');
});

test('parseByFormat reads each format and throws on bad syntax', () => {
  assert.deepEqual(parseByFormat('a.json', '{"a": 1}'), { a: 1 });
  assert.deepEqual(parseByFormat('a.yaml', 'a: 1'), { a: 1 });
  assert.deepEqual(parseByFormat('a', '{"a": 1}'), { a: 1 });
  assert.throws(() => parseByFormat('a.json', 'a: 1'));
  assert.throws(() => parseByFormat('a.yaml', 'a: [unclosed'));
});
