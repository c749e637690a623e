'use strict';
// Hidden tests (never shown to the model): call the candidate, print what was observed.
const fs = require('fs');
const NONCE = process.env.PQ_NONCE || '';
delete process.env.PQ_NONCE;
const realExit = process.exit.bind(process);
const cases = {};

function plain(v) {
  if (v === undefined) return null;
  try { return JSON.parse(JSON.stringify(v)); } catch (e) { return String(v); }
}
function emit(obs) { fs.writeSync(1, 'PQ-RESULT ' + NONCE + ' ' + JSON.stringify(obs) + '\n'); }
async function load() {
  try {
    return require('./loader.js');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const ns = await import('./pq_candidate.mjs');  // the same file, written as an ES module
    return ns.default && typeof ns.default === 'object' ? { ...ns.default, ...ns } : ns;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A fake fetch: each id has its own delay, so completion order differs from id order.
function fakeFetch(delays, stats) {
  return async (id) => {
    stats.inFlight += 1;
    stats.max = Math.max(stats.max, stats.inFlight);
    stats.calls.push(id);
    await sleep(delays[id] || 0);
    stats.inFlight -= 1;
    if (id === 'bad') throw new TypeError('fetch failed for ' + id);
    return 'user-' + id;
  };
}
const newStats = () => ({ inFlight: 0, max: 0, calls: [] });

cases.report_example = async (m) => m.loadAll([1, 2, 3], fakeFetch({ 1: 5, 2: 5, 3: 5 }, newStats()));
cases.keeps_id_order = async (m) => m.loadAll(['a', 'b', 'c', 'd'], fakeFetch({ a: 40, b: 5, c: 25, d: 1 }, newStats()));
cases.runs_concurrently = async (m) => {
  const stats = newStats();
  await m.loadAll(['a', 'b', 'c'], fakeFetch({ a: 30, b: 30, c: 30 }, stats));
  return stats.max;
};
cases.empty = async (m) => m.loadAll([], fakeFetch({}, newStats()));
cases.rejects = async (m) => m.loadAll(['a', 'bad', 'c'], fakeFetch({ a: 5, bad: 10, c: 5 }, newStats()));
cases.map_in_order = async (m) => m.loadMap(['x', 'y', 'z'], fakeFetch({ x: 30, y: 1, z: 15 }, newStats()));
cases.calls_each_once = async (m) => {
  const stats = newStats();
  await m.loadAll(['p', 'q'], fakeFetch({ p: 1, q: 1 }, stats));
  return stats.calls.slice().sort();
};

(async () => {
  let m;
  try { m = await load(); } catch (e) { emit({ __load__: String((e && e.stack) || e).slice(0, 300) }); realExit(0); }
  const obs = {};
  for (const [name, fn] of Object.entries(cases)) {
    try { obs[name] = { ok: plain(await fn(m)) }; } catch (e) {
      obs[name] = { raised: (e && e.constructor && e.constructor.name) || typeof e };
    }
  }
  emit(obs);
  realExit(0);
})();
