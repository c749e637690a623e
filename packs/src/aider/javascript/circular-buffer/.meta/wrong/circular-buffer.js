class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = [];
  }

  write(value) {
    if (this.items.length === this.capacity) throw new BufferFullError('buffer is full');
    this.items.push(value);
  }

  read() {
    if (this.items.length === 0) throw new BufferEmptyError('buffer is empty');
    return this.items.shift();
  }

  forceWrite(value) {
    if (this.items.length === this.capacity) this.items.pop();
    this.items.push(value);
  }

  clear() {
    this.items = [];
  }

  get size() {
    return this.items.length;
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
