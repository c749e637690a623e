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
    return require('./discount.js');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const ns = await import('./pq_candidate.mjs');  // the same file, written as an ES module
    return ns.default && typeof ns.default === 'object' ? { ...ns.default, ...ns } : ns;
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

cases.report_example = (m) => m.discountedPrice(50, 'WELCOME');
cases.vip = (m) => m.discountedPrice(19.99, 'VIP');
cases.staff = (m) => m.discountedPrice(80, 'STAFF');
cases.no_code = (m) => m.discountedPrice(12.5, undefined);
cases.empty_code = (m) => m.discountedPrice(12.5, '');
cases.lowercase_code_is_unknown = (m) => m.discountedPrice(100, 'vip');
cases.cart_staff = (m) => m.cartTotal([{ price: 10, qty: 3 }, { price: 2.5, qty: 2 }], 'STAFF');
cases.cart_unknown = (m) => m.cartTotal([{ price: 10, qty: 3 }, { price: 2.5, qty: 2 }], 'SPRING');
cases.cart_empty = (m) => m.cartTotal([], 'VIP');

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
