'use strict';

/**
 * Fetches every id with `fetchOne(id)` (which returns a promise), all at the same time, and
 * resolves to the results in the same order as `ids`. Rejects if any fetch rejects.
 */
async function loadAll(ids, fetchOne) {
  const results = [];
  ids.forEach(async (id) => {
    const value = await fetchOne(id);
    results.push(value);
  });
  return results;
}

/** Like loadAll, but resolves to an object mapping each id to its result. */
async function loadMap(ids, fetchOne) {
  const values = await loadAll(ids, fetchOne);
  const out = {};
  ids.forEach((id, i) => {
    out[id] = values[i];
  });
  return out;
}

module.exports = { loadAll, loadMap };
