class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    throw new Error('not implemented');
  }

  write(value) {
    throw new Error('not implemented');
  }

  read() {
    throw new Error('not implemented');
  }

  forceWrite(value) {
    throw new Error('not implemented');
  }

  clear() {
    throw new Error('not implemented');
  }

  get size() {
    throw new Error('not implemented');
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
