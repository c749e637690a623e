const test = require('node:test');
const assert = require('node:assert/strict');
const { tally } = require('./tournament.js');

const header = 'Team                           | MP |  W |  D |  L |  P';

test('no matches', () => {
  assert.equal(tally(''), header);
});

test('a win', () => {
  assert.equal(tally('Blithering Badgers;Allegoric Alaskans;win'), [
    header,
    'Blithering Badgers             |  1 |  1 |  0 |  0 |  3',
    'Allegoric Alaskans             |  1 |  0 |  0 |  1 |  0',
  ].join('\n'));
});

test('a loss counts for both teams', () => {
  assert.equal(tally('Allegoric Alaskans;Blithering Badgers;loss'), [
    header,
    'Blithering Badgers             |  1 |  1 |  0 |  0 |  3',
    'Allegoric Alaskans             |  1 |  0 |  0 |  1 |  0',
  ].join('\n'));
});

test('a draw ties on points, sorted by name', () => {
  assert.equal(tally('Courageous Californians;Allegoric Alaskans;draw'), [
    header,
    'Allegoric Alaskans             |  1 |  0 |  1 |  0 |  1',
    'Courageous Californians        |  1 |  0 |  1 |  0 |  1',
  ].join('\n'));
});

test('a small season', () => {
  const input = [
    'Allegoric Alaskans;Blithering Badgers;win',
    'Devastating Donkeys;Courageous Californians;draw',
    'Devastating Donkeys;Allegoric Alaskans;win',
    '',
    'Courageous Californians;Blithering Badgers;loss',
    'Blithering Badgers;Devastating Donkeys;loss',
    'Allegoric Alaskans;Courageous Californians;win',
  ].join('\n');
  assert.equal(tally(input), [
    header,
    'Devastating Donkeys            |  3 |  2 |  1 |  0 |  7',
    'Allegoric Alaskans             |  3 |  2 |  0 |  1 |  6',
    'Blithering Badgers             |  3 |  1 |  0 |  2 |  3',
    'Courageous Californians        |  3 |  0 |  1 |  2 |  1',
  ].join('\n'));
});

test('ties broken alphabetically', () => {
  const input = [
    'Zebras;Yaks;win',
    'Yaks;Xerus;win',
    'Xerus;Zebras;win',
  ].join('\n');
  assert.equal(tally(input), [
    header,
    'Xerus                          |  2 |  1 |  0 |  1 |  3',
    'Yaks                           |  2 |  1 |  0 |  1 |  3',
    'Zebras                         |  2 |  1 |  0 |  1 |  3',
  ].join('\n'));
});

test('invalid lines are ignored', () => {
  const input = ['Alpha;Beta;win', 'Alpha;Beta', 'Alpha;Beta;lose', 'Alpha;Beta;draw;extra', 'Beta;Alpha;draw'].join('\n');
  assert.equal(tally(input), [
    header,
    'Alpha                          |  2 |  1 |  1 |  0 |  4',
    'Beta                           |  2 |  0 |  1 |  1 |  1',
  ].join('\n'));
});
