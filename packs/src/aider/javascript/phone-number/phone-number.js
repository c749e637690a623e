function clean(input) {
  throw new Error('not implemented');
}

module.exports = { clean };
