// Measures the two ways to give guests the Extism memory ABI (docs/decisions/0003-extism-kernel-in-wasm.md):
// A passes the exports of our WAT kernel straight to the guest (wasm→wasm); B implements the kernel in JS.
// Run: node benchmarks/kernel-choice.mjs
import initWabt from 'wabt';
import { readFileSync } from 'node:fs';
const wabt = await initWabt();
const bin = (f) => {
  const m = wabt.parseWat(f, readFileSync(new URL(f, import.meta.url), 'utf8'));
  m.validate();
  const b = m.toBinary({}).buffer;
  m.destroy();
  return b;
};
const kmod = new WebAssembly.Module(bin('../libs/adapters-wasm-node/src/kernel/kernel.wat'));
const gmod = new WebAssembly.Module(bin('./kernel-choice-guest.wat'));

// A: wasm kernel passthrough
function engineA() {
  const k = new WebAssembly.Instance(kmod, {}).exports;
  const g = new WebAssembly.Instance(gmod, { 'extism:host/env': k }).exports;
  let u8 = new Uint8Array(k.memory.buffer);
  return (input) => {
    k.reset();
    const n = BigInt(input.length);
    const h = k.alloc(n);
    if (u8.buffer !== k.memory.buffer) u8 = new Uint8Array(k.memory.buffer);
    u8.set(input, Number(h));
    k.input_set(h, n);
    g.echo();
    const o = Number(k.output_offset()),
      ol = Number(k.output_length());
    if (u8.buffer !== k.memory.buffer) u8 = new Uint8Array(k.memory.buffer);
    return u8.slice(o, o + ol);
  };
}
// B: TS kernel (JS functions, one ArrayBuffer, bump alloc, reset per call)
function engineB() {
  let buf = new ArrayBuffer(65536),
    u8 = new Uint8Array(buf),
    dv = new DataView(buf);
  let top = 16,
    input = 0,
    inputLen = 0,
    output = 0,
    outputLen = 0;
  const ensure = (end) => {
    if (end > buf.byteLength) {
      const nb = new ArrayBuffer(Math.max(end, buf.byteLength * 2));
      new Uint8Array(nb).set(u8);
      buf = nb;
      u8 = new Uint8Array(buf);
      dv = new DataView(buf);
    }
  };
  const env = {
    alloc(n) {
      n = Number(n);
      if (!n) return 0n;
      const h = top + 8;
      const end = (h + n + 7) & ~7;
      ensure(end);
      dv.setBigUint64(top, BigInt(n), true);
      top = end;
      return BigInt(h);
    },
    input_length: () => BigInt(inputLen),
    input_load_u64: (o) => dv.getBigUint64(input + Number(o), true),
    input_load_u8: (o) => u8[input + Number(o)],
    store_u64: (a, v) => dv.setBigUint64(Number(a), v, true),
    store_u8: (a, v) => {
      u8[Number(a)] = v;
    },
    output_set: (h, n) => {
      output = Number(h);
      outputLen = Number(n);
    },
  };
  const g = new WebAssembly.Instance(gmod, { 'extism:host/env': env }).exports;
  return (inp) => {
    top = 16;
    const h = Number(env.alloc(BigInt(inp.length)));
    u8.set(inp, h);
    input = h;
    inputLen = inp.length;
    g.echo();
    return u8.slice(output, output + outputLen);
  };
}
const input = new Uint8Array(100).map((_, i) => i);
const A = engineA(),
  B = engineB();
const check = (f) => {
  const o = f(input);
  if (o.length !== 100 || o[99] !== 99) throw new Error('bad');
};
check(A);
check(B);
function time(f, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(input);
  return Number(process.hrtime.bigint() - t) / n / 1000;
}
const rs = { A: [], B: [] };
for (let r = 0; r < 21; r++) {
  rs.A.push(time(A, 20000));
  rs.B.push(time(B, 20000));
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(
  'wasm kernel µs',
  med(rs.A).toFixed(3),
  'ts kernel µs',
  med(rs.B).toFixed(3),
  'ratio',
  (med(rs.B) / med(rs.A)).toFixed(2),
);
