function tally(input) {
  throw new Error('not implemented');
}

module.exports = { tally };
