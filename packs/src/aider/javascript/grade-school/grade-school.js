class School {
  add(name, grade) {
    throw new Error('not implemented');
  }

  grade(n) {
    throw new Error('not implemented');
  }

  roster() {
    throw new Error('not implemented');
  }
}

module.exports = { School };
