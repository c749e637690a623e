function findAnagrams(word, candidates) {
  throw new Error('not implemented');
}

module.exports = { findAnagrams };
