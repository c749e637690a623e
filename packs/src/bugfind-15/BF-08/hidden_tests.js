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
    return require('./calendar.js');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const ns = await import('./pq_candidate.mjs');  // the same file, written as an ES module
    return ns.default && typeof ns.default === 'object' ? { ...ns.default, ...ns } : ns;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

cases.report_call = (m) => m.daysInMonth(2024, 1);
cases.february_leap = (m) => m.daysInMonth(2024, 2);
cases.february_common = (m) => m.daysInMonth(2023, 2);
cases.century_not_leap = (m) => m.daysInMonth(2100, 2);
cases.april = (m) => m.daysInMonth(2024, 4);
cases.december = (m) => m.daysInMonth(2024, 12);
cases.month_zero_rejected = (m) => m.daysInMonth(2024, 0);
cases.name_first = (m) => m.monthName(1);
cases.name_last = (m) => m.monthName(12);

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
