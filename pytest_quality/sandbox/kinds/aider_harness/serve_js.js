'use strict';
// The reply's side of the JavaScript split: loads the reply's module and answers the trusted runner's calls
// (requests on fd 3, answers on fd 4). Holds nothing secret and decides nothing: whatever the reply does
// here only changes the answers it gives.
const fs = require('fs');

const handles = new Map();
const ids = new Map();
let next = 1;

function refTo(v) {
  if (!ids.has(v)) { ids.set(v, next); handles.set(next, v); next += 1; }
  return ids.get(v);
}

const ERRORS = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, Error];

function kindOf(v) {
  if (typeof v === 'function') return 'function';
  if (Array.isArray(v)) return 'array';
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null ? 'plain' : 'instance';
}

function errorBase(v) {
  try {
    const probe = typeof v === 'function' ? v.prototype : v;
    const E = ERRORS.find((C) => probe instanceof C);
    return E ? E.name : null;
  } catch (e) {
    return null;
  }
}

function encode(v) {
  if (v === undefined || typeof v === 'symbol') return { u: 1 };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { n: Object.is(v, -0) ? '-0' : String(v) };
  if (typeof v === 'bigint') return { b: v.toString() };
  let name = 'Object';
  try { name = (typeof v === 'function' ? v.name : v.constructor && v.constructor.name) || name; } catch (e) { /* keep */ }
  return { r: refTo(v), k: kindOf(v), c: String(name), e: errorBase(v) };
}

function decode(d) {
  if (d === null || typeof d !== 'object') return d;
  if ('u' in d) return undefined;
  if ('n' in d) return d.n === '-0' ? -0 : Number(d.n);
  if ('b' in d) return BigInt(d.b);
  if ('r' in d) return handles.get(d.r);
  if ('a' in d) return d.a.map(decode);
  if ('o' in d) return Object.fromEntries(d.o.map(([k, v]) => [k, decode(v)]));
  throw new Error('unexpected value');
}

const keyOf = (k) => (k !== null && typeof k === 'object' ? Symbol[k.s] : k);

async function answer(request) {
  const obj = handles.get(request.r);
  switch (request.op) {
    case 'import':
      try {
        return require(request.path);
      } catch (e) {
        if (e && e.code === 'ERR_REQUIRE_ESM') return await import(request.path);
        throw e;
      }
    case 'get': return obj[keyOf(request.key)];
    case 'has': return keyOf(request.key) in obj;
    case 'set': obj[keyOf(request.key)] = decode(request.v); return undefined;
    case 'delete': delete obj[keyOf(request.key)]; return undefined;
    case 'call': return Reflect.apply(obj, decode(request.self), request.args.map(decode));
    case 'construct': return Reflect.construct(obj, request.args.map(decode));
    case 'instanceof': return obj instanceof handles.get(request.c);
    case 'snapshot':
      if (Array.isArray(obj)) return { items: Array.from({ length: obj.length }, (_, i) => encode(obj[i])) };
      return { props: Object.keys(obj).map((k) => [k, encode(obj[k])]) };
    default: throw new Error(`unknown request ${request.op}`);
  }
}

// Requests are read with blocking reads on this thread: a read pending in libuv's thread pool would keep
// process.exit() from ever returning.
let pending = Buffer.alloc(0);
function nextLine() {
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      return line;
    }
    const buf = Buffer.alloc(65536);
    let n;
    try {
      n = fs.readSync(3, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      return null;
    }
    if (n === 0) return null;
    pending = Buffer.concat([pending, buf.subarray(0, n)]);
  }
}

(async () => {
  for (let line = nextLine(); line !== null; line = nextLine()) {
    let reply;
    try {
      const request = JSON.parse(line);
      const result = await answer(request);
      reply = { ok: request.op === 'snapshot' ? result : encode(result) };
    } catch (e) {
      reply = { throw: encode(e) };
    }
    fs.writeSync(4, JSON.stringify(reply) + '\n');
  }
  process.exit(0);
})();
