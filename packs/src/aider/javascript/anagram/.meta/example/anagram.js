function signature(word) {
  return [...word.toLowerCase()].sort().join('');
}

function findAnagrams(word, candidates) {
  const lower = word.toLowerCase();
  const target = signature(word);
  return candidates.filter((c) => c.toLowerCase() !== lower && signature(c) === target);
}

module.exports = { findAnagrams };
