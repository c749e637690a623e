const test = require('node:test');
const assert = require('node:assert/strict');
const { clean } = require('./phone-number.js');

test('cleans punctuation', () => {
  assert.equal(clean('(223) 456-7890'), '2234567890');
  assert.equal(clean('223.456.7890'), '2234567890');
  assert.equal(clean('223 456   7890   '), '2234567890');
});

test('drops the country code', () => {
  assert.equal(clean('12234567890'), '2234567890');
  assert.equal(clean('+1 (613)-995-0253'), '6139950253');
});

test('digit counts', () => {
  assert.throws(() => clean('123456789'), { message: 'too few digits' });
  assert.throws(() => clean('22234567890'), { message: 'an 11-digit number must start with 1' });
  assert.throws(() => clean('321234567890'), { message: 'too many digits' });
});

test('letters and punctuation', () => {
  assert.throws(() => clean('523-abc-7890'), { message: 'letters are not allowed' });
  assert.throws(() => clean('523-@:!-7890'), { message: 'punctuation is not allowed' });
  assert.throws(() => clean('523-ab!-7890'), { message: 'letters are not allowed' });
  assert.throws(() => clean('12#'), { message: 'punctuation is not allowed' });
});

test('area code', () => {
  assert.throws(() => clean('(023) 456-7890'), { message: 'area code cannot start with zero' });
  assert.throws(() => clean('(123) 456-7890'), { message: 'area code cannot start with one' });
  assert.throws(() => clean('1 (023) 456-7890'), { message: 'area code cannot start with zero' });
});

test('exchange code', () => {
  assert.throws(() => clean('(223) 056-7890'), { message: 'exchange code cannot start with zero' });
  assert.throws(() => clean('(223) 156-7890'), { message: 'exchange code cannot start with one' });
  assert.throws(() => clean('1 (223) 156-7890'), { message: 'exchange code cannot start with one' });
});
