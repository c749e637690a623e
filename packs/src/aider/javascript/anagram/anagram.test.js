const test = require('node:test');
const assert = require('node:assert/strict');
const { findAnagrams } = require('./anagram.js');

test('no matches', () => {
  assert.deepEqual(findAnagrams('diaper', ['hello', 'world', 'zombies', 'pants']), []);
});

test('finds anagrams in order', () => {
  assert.deepEqual(findAnagrams('stone', ['stone', 'tones', 'banana', 'tons', 'notes', 'Seton']), ['tones', 'notes', 'Seton']);
});

test('ignores case', () => {
  assert.deepEqual(findAnagrams('Orchestra', ['cashregister', 'Carthorse', 'radishes']), ['Carthorse']);
});

test('a word is not its own anagram', () => {
  assert.deepEqual(findAnagrams('BANANA', ['banana', 'Banana', 'BANANA', 'ananab']), ['ananab']);
});

test('letter counts must match', () => {
  assert.deepEqual(findAnagrams('galea', ['eagle']), []);
  assert.deepEqual(findAnagrams('good', ['dog', 'goody', 'doog']), ['doog']);
});

test('other alphabets', () => {
  assert.deepEqual(findAnagrams('ΑΒΓ', ['ΒΓΑ', 'ΒΓΔ', 'γβα', 'αβγ']), ['ΒΓΑ', 'γβα']);
});
