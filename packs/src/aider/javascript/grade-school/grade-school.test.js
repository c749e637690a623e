const test = require('node:test');
const assert = require('node:assert/strict');
const { School } = require('./grade-school.js');

test('empty school', () => {
  const school = new School();
  assert.deepEqual(school.roster(), []);
  assert.deepEqual(school.grade(1), []);
});

test('adding students', () => {
  const school = new School();
  assert.equal(school.add('Aimee', 2), true);
  assert.equal(school.add('Blair', 2), true);
  assert.deepEqual(school.grade(2), ['Aimee', 'Blair']);
});

test('grades are sorted by name', () => {
  const school = new School();
  school.add('Peter', 4);
  school.add('Zoe', 4);
  school.add('Alex', 4);
  assert.deepEqual(school.grade(4), ['Alex', 'Peter', 'Zoe']);
});

test('roster sorted by grade then name', () => {
  const school = new School();
  school.add('Logan', 5);
  school.add('Anna', 1);
  school.add('Barb', 1);
  school.add('Jim', 3);
  school.add('Charlie', 10);
  assert.deepEqual(school.roster(), ['Anna', 'Barb', 'Jim', 'Logan', 'Charlie']);
});

test('a student is enrolled only once', () => {
  const school = new School();
  assert.equal(school.add('Aimee', 2), true);
  assert.equal(school.add('Aimee', 2), false);
  assert.equal(school.add('Aimee', 3), false);
  assert.deepEqual(school.roster(), ['Aimee']);
  assert.deepEqual(school.grade(3), []);
});

test('returned arrays are copies', () => {
  const school = new School();
  school.add('Aimee', 2);
  school.grade(2).push('Intruder');
  school.roster().push('Ghost');
  assert.deepEqual(school.grade(2), ['Aimee']);
  assert.deepEqual(school.roster(), ['Aimee']);
});
