class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.count = 0;
  }

  write(value) {
    if (this.count === this.capacity) throw new BufferFullError('buffer is full');
    this.items[(this.start + this.count) % this.capacity] = value;
    this.count++;
  }

  read() {
    if (this.count === 0) throw new BufferEmptyError('buffer is empty');
    const value = this.items[this.start];
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return value;
  }

  forceWrite(value) {
    if (this.count === this.capacity) this.read();
    this.write(value);
  }

  clear() {
    this.start = 0;
    this.count = 0;
  }

  get size() {
    return this.count;
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
