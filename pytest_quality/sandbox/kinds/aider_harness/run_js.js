'use strict';
// The aider kind's trusted JavaScript test runner. The supervisor starts it with nodump.so preloaded (so it is
// non-dumpable before any JavaScript runs), hands it the hidden tests on fd 3 (they are never on disk),
// reads its results on fd 4, and connects fds 5/6 to a separate node process that loads the reply's module
// (serve_js.js). The tests and node:assert run HERE; every use of the reply's values is a synchronous call
// over those pipes. Arrays and plain objects of the reply are mirrors refreshed from the reply's process on
// every access, so aliasing behaves as in one process while comparisons stay in this one.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const CFG = 3, RES = 4, REQ = 5, REP = 6;
const say = (obj) => fs.writeSync(RES, JSON.stringify(obj) + '\n');
say({ ready: true, pid: process.pid });

// --- calls into the reply's process -------------------------------------------------------------------
let pending = Buffer.alloc(0);
let gone = null;
const nap = new Int32Array(new SharedArrayBuffer(4));

class SolutionGone extends Error {}

function rpc(request) {
  if (gone) throw new SolutionGone(gone);
  try {
    fs.writeSync(REQ, JSON.stringify(request) + '\n');
  } catch (e) {
    gone = "the solution's process ended";
    throw new SolutionGone(gone);
  }
  for (;;) {
    const nl = pending.indexOf(10);
    if (nl >= 0) {
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      const reply = JSON.parse(line);
      if ('throw' in reply) throw decode(reply.throw);
      return reply;
    }
    const buf = Buffer.alloc(65536);
    let n;
    try {
      n = fs.readSync(REP, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === 'EAGAIN') { Atomics.wait(nap, 0, 0, 2); continue; }
      n = 0;
    }
    if (n === 0) {
      gone = "the solution's process ended";
      throw new SolutionGone(gone);
    }
    pending = Buffer.concat([pending, buf.subarray(0, n)]);
  }
}

const value = (request) => decode(rpc(request).ok);

// --- values ----------------------------------------------------------------------------------------------
const proxies = new Map(); // ref -> proxy (one proxy per object of the reply: identity is kept)
const refOf = new WeakMap(); // proxy -> ref
const shadows = new Map(); // class name -> stand-in prototype
const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

function key(k) {
  if (typeof k === 'symbol') {
    const name = Object.getOwnPropertyNames(Symbol).find((n) => Symbol[n] === k);
    return name ? { s: name } : null;
  }
  return String(k);
}

function encode(v, depth = 0) {
  if (depth > 100) throw new TypeError('value nested too deeply');
  if (v === undefined) return { u: 1 };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { n: Object.is(v, -0) ? '-0' : String(v) };
  if (typeof v === 'bigint') return { b: v.toString() };
  if (refOf.has(v)) return { r: refOf.get(v) };
  if (Array.isArray(v)) return { a: Array.from(v, (x) => encode(x, depth + 1)) };
  if (typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
    return { o: Object.keys(v).map((k) => [k, encode(v[k], depth + 1)]) };
  }
  throw new TypeError(`the tests passed a ${typeof v === 'function' ? 'function' : Object.prototype.toString.call(v)} ` +
                      'to the solution, which the harness cannot send');
}

function decode(d) {
  if (d === null || typeof d !== 'object') return d;
  if ('u' in d) return undefined;
  if ('n' in d) return d.n === '-0' ? -0 : Number(d.n);
  if ('b' in d) return BigInt(d.b);
  if ('r' in d) return proxyFor(d);
  throw new Error('unexpected value from the solution');
}

function shadow(name, base) {
  const id = `${name}|${base || ''}`;
  if (!shadows.has(id)) {
    const proto = base ? ERRORS[base].prototype : Object.prototype;
    shadows.set(id, Object.create(proto, { constructor: { value: { name } } }));
  }
  return shadows.get(id);
}

function proxyFor(h) {
  if (proxies.has(h.r)) return proxies.get(h.r);
  const ref = h.r;
  const kind = h.k; // function | array | plain | instance
  const target = kind === 'function' ? function () {} : kind === 'array' ? [] : {};
  const mirrored = kind === 'array' || kind === 'plain';
  const refresh = () => {
    if (kind === 'function') return;
    const snap = rpc({ op: 'snapshot', r: ref }).ok;
    if (kind === 'array') {
      target.length = 0;
      for (const item of snap.items) target.push(decode(item));
    } else {
      for (const k of Reflect.ownKeys(target)) delete target[k];
      for (const [k, v] of snap.props) target[k] = decode(v);
    }
  };
  const remoteGet = (k) => {
    const wire = key(k);
    return wire === null ? undefined : value({ op: 'get', r: ref, key: wire });
  };
  const handler = {
    getPrototypeOf() {
      if (kind === 'array') return Array.prototype;
      if (kind === 'function') return h.e ? ERRORS[h.e] || Error : Function.prototype;
      if (kind === 'plain') return Object.prototype;
      return shadow(h.c || 'Object', h.e);
    },
    get(t, k) {
      if (kind === 'function') {
        if (k === Symbol.hasInstance) return (v) => (refOf.has(v) ? value({ op: 'instanceof', r: refOf.get(v), c: ref }) : false);
        if (k === 'prototype') return shadow(h.c || 'Object', h.e);
      }
      if (mirrored) {
        refresh();
        return Reflect.get(t, k);
      }
      if (k === Symbol.toStringTag || k === 'inspect' || (typeof k === 'symbol' && key(k) === null)) return undefined;
      return remoteGet(k);
    },
    has(t, k) {
      if (mirrored) { refresh(); return Reflect.has(t, k); }
      const wire = key(k);
      return wire === null ? false : value({ op: 'has', r: ref, key: wire });
    },
    set(t, k, v) {
      const wire = key(k);
      if (wire !== null) rpc({ op: 'set', r: ref, key: wire, v: encode(v) });
      if (mirrored) refresh();
      return true;
    },
    deleteProperty(t, k) {
      const wire = key(k);
      if (wire !== null) rpc({ op: 'delete', r: ref, key: wire });
      if (mirrored) refresh();
      return true;
    },
    defineProperty(t, k, desc) {
      const wire = key(k);
      if (wire !== null && 'value' in desc) rpc({ op: 'set', r: ref, key: wire, v: encode(desc.value) });
      refresh();
      return true;
    },
    ownKeys(t) { refresh(); return Reflect.ownKeys(t); },
    getOwnPropertyDescriptor(t, k) { refresh(); return Reflect.getOwnPropertyDescriptor(t, k); },
    apply(t, self, args) {
      return value({ op: 'call', r: ref, self: self === undefined ? { u: 1 } : encode(self), args: args.map((a) => encode(a)) });
    },
    construct(t, args) {
      return value({ op: 'construct', r: ref, args: args.map((a) => encode(a)) });
    },
  };
  const proxy = new Proxy(target, handler);
  proxies.set(ref, proxy);
  refOf.set(proxy, ref);
  return proxy;
}

// --- the test API the hidden tests use (node:test's test/it/describe) ---------------------------------
const tests = [];
const hooks = { beforeEach: [], afterEach: [] };
function test(name, options, fn) {
  if (typeof name === 'function') { fn = name; name = fn.name || '<anonymous>'; options = {}; }
  if (typeof options === 'function') { fn = options; options = {}; }
  tests.push({ name: String(name), fn, skip: !!(options && (options.skip || options.todo)) });
}
test.test = test;
test.it = test;
test.only = test;
test.skip = (name) => tests.push({ name: String(name), skip: true });
test.todo = test.skip;
test.describe = (name, fn) => fn();
test.beforeEach = (fn) => hooks.beforeEach.push(fn);
test.afterEach = (fn) => hooks.afterEach.push(fn);
test.before = (fn) => fn();
test.after = () => {};

// --- loading the tests -------------------------------------------------------------------------------------
const cfg = JSON.parse(fs.readFileSync(CFG, 'utf8'));
const candidates = new Map();
for (const file of cfg.files) {
  const full = path.join('/workspace', file);
  for (const alias of [full, full.replace(/\.(c|m)?js$/, ''), full.replace(/\/index\.(c|m)?js$/, '')]) candidates.set(alias, full);
}
const loaded = new Map();

function requireFrom(dir, id) {
  if (id === 'node:test' || id === 'test') return test;
  if (id.startsWith('.') || id.startsWith('/')) {
    const full = path.resolve(dir, id);
    const file = candidates.get(full) || candidates.get(full.replace(/\.(c|m)?js$/, ''));
    if (file) {
      if (!loaded.has(file)) loaded.set(file, value({ op: 'import', path: file }));
      return loaded.get(file);
    }
  }
  return Module.createRequire(path.join(dir, 'pq-tests.js'))(id);
}

const reason = (e) => {
  try {
    if (e instanceof SolutionGone) return e.message;
    const message = String(e && e.message !== undefined ? e.message : e);
    const lines = message.split('\n').filter((l) => l.trim()).slice(0, 8).join(' | ');
    return e && e.code === 'ERR_ASSERTION' ? lines : `${e && e.name ? e.name : 'Error'}: ${lines}`;
  } catch (err) {
    return 'the test failed (its error could not be read)';
  }
};

async function runOne(t) {
  if (t.skip) return 'skipped';
  try {
    for (const h of hooks.beforeEach) await h();
    if (t.fn.length >= 2) {
      await new Promise((resolve, reject) => t.fn({ name: t.name }, (err) => (err ? reject(err) : resolve())));
    } else {
      await t.fn({ name: t.name, diagnostic() {}, skip() {}, todo() {} });
    }
    for (const h of hooks.afterEach) await h();
    return null;
  } catch (e) {
    return reason(e);
  }
}

(async () => {
  try {
    for (const [file, source] of Object.entries(cfg.tests).sort()) {
      const filename = path.join('/workspace', file);
      const m = new Module(filename, module);
      m.filename = filename;
      m.paths = Module._nodeModulePaths(path.dirname(filename));
      m.require = (id) => requireFrom(path.dirname(filename), id);
      m._compile(source, filename);
    }
  } catch (e) {
    say({ problem: `the tests could not load: ${reason(e)}` });
    say({ end: true });
    return;
  }
  for (const t of tests) {
    const problem = await runOne(t);
    say({ test: t.name, ok: problem === null, reason: problem === null ? '' : String(problem).slice(0, 1000) });
  }
  say({ end: true });
})().catch((e) => { say({ problem: `the test runner failed: ${e && e.stack}` }); say({ end: true }); });
