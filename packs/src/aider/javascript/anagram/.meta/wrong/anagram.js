function signature(word) {
  return [...word.toLowerCase()].sort().join('');
}

function findAnagrams(word, candidates) {
  const target = signature(word);
  return candidates.filter((c) => c !== word && signature(c) === target);
}

module.exports = { findAnagrams };
