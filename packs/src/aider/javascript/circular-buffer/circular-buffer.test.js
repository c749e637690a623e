const test = require('node:test');
const assert = require('node:assert/strict');
const { CircularBuffer, BufferFullError, BufferEmptyError } = require('./circular-buffer.js');

test('reading an empty buffer throws', () => {
  const buffer = new CircularBuffer(1);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('write then read', () => {
  const buffer = new CircularBuffer(2);
  buffer.write(1);
  buffer.write(2);
  assert.equal(buffer.size, 2);
  assert.equal(buffer.read(), 1);
  assert.equal(buffer.read(), 2);
  assert.equal(buffer.size, 0);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('writing to a full buffer throws', () => {
  const buffer = new CircularBuffer(2);
  buffer.write('a');
  buffer.write('b');
  assert.throws(() => buffer.write('c'), BufferFullError);
  assert.equal(buffer.read(), 'a');
});

test('wraps around', () => {
  const buffer = new CircularBuffer(3);
  buffer.write(1);
  buffer.write(2);
  assert.equal(buffer.read(), 1);
  buffer.write(3);
  buffer.write(4);
  assert.equal(buffer.read(), 2);
  assert.equal(buffer.read(), 3);
  buffer.write(5);
  assert.equal(buffer.read(), 4);
  assert.equal(buffer.read(), 5);
});

test('forceWrite overwrites the oldest value', () => {
  const buffer = new CircularBuffer(3);
  buffer.write(1);
  buffer.write(2);
  buffer.write(3);
  buffer.forceWrite(4);
  buffer.forceWrite(5);
  assert.equal(buffer.read(), 3);
  assert.equal(buffer.read(), 4);
  assert.equal(buffer.read(), 5);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('forceWrite on a buffer with room is a write', () => {
  const buffer = new CircularBuffer(2);
  buffer.forceWrite(1);
  buffer.write(2);
  assert.equal(buffer.read(), 1);
  assert.equal(buffer.read(), 2);
});

test('clear empties the buffer', () => {
  const buffer = new CircularBuffer(2);
  buffer.write(1);
  buffer.write(2);
  buffer.clear();
  assert.equal(buffer.size, 0);
  assert.throws(() => buffer.read(), BufferEmptyError);
  buffer.write(3);
  buffer.write(4);
  assert.equal(buffer.read(), 3);
});

test('errors are Error subclasses', () => {
  assert.ok(new BufferFullError('x') instanceof Error);
  assert.ok(new BufferEmptyError('x') instanceof Error);
});
