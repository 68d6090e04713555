// The hostile-module corpus: one plugin per attack a plugin author could try on the host. Every module is WAT
// source here, built by wabt on demand (tools/wasm-build.mjs); no binary is committed. Each case says what it
// attacks, how it is driven and which typed outcome means "contained" (see README.md).

const BIO = 'metadata_agent_get_artist_biography';
const KERNEL = (name, sig) => `(import "extism:host/env" "${name}" (func $${name} ${sig}))`;
const ALLOC = KERNEL('alloc', '(param i64) (result i64)');
const STORE_U8 = KERNEL('store_u8', '(param i64 i32)');
const STORE_U64 = KERNEL('store_u64', '(param i64 i64)');

/** A module exporting GetArtistBiography with `body` as its code, after `imports` and `extra` declarations. */
function bioModule({ imports = [], extra = '', locals = '', body }) {
  return `(module
  ${imports.join('\n  ')}
  (memory (export "memory") 1)
  ${extra}
  (func (export "${BIO}") (result i32) ${locals}
    ${body}))`;
}

// Fills `bytes` bytes of kernel memory at handle $h with one repeated 8-byte word, then leaves the handle in $h.
function allocFilled(bytes, word) {
  return `
    (local.set $h (call $alloc (i64.const ${bytes})))
    (local.set $i (i64.const 0))
    (block $done (loop $fill
      (br_if $done (i64.ge_u (local.get $i) (i64.const ${bytes})))
      (call $store_u64 (i64.add (local.get $h) (local.get $i)) (i64.const ${word}))
      (local.set $i (i64.add (local.get $i) (i64.const 8)))
      (br $fill)))`;
}

const MIB = 1024 * 1024;

/** `n` (below 2^28) as a 4-byte protobuf varint. */
function varint4(n) {
  return [0x80 | (n & 0x7f), 0x80 | ((n >> 7) & 0x7f), 0x80 | ((n >> 14) & 0x7f), (n >> 21) & 0x7f];
}
const SPIN = '(loop $spin (br $spin)) (i32.const 0)';

/**
 * Every case. `expect.at` is `load` (the plugin must be refused at load with `expect.code`) or `call` (a call must
 * fail with one of `expect.codes`, or answer when `ok` is listed). `calls` is how many calls at once.
 */
export const HOSTILE_CASES = [
  {
    name: 'host-call-loop',
    attack: 'loops over a host call (cache_get_string) forever',
    permissions: { cache: { reason: 'hostile corpus' } },
    wat: bioModule({
      imports: [
        ALLOC,
        STORE_U8,
        KERNEL('free', '(param i64)'),
        '(import "extism:host/user" "cache_get_string" (func $get (param i64) (result i64)))',
      ],
      locals: '(local $req i64)',
      body: `
    (local.set $req (call $alloc (i64.const 3)))
    (call $store_u8 (local.get $req) (i32.const 0x0a))
    (call $store_u8 (i64.add (local.get $req) (i64.const 1)) (i32.const 1))
    (call $store_u8 (i64.add (local.get $req) (i64.const 2)) (i32.const 0x6b))
    (loop $again (call $free (call $get (local.get $req))) (br $again))
    (i32.const 0)`,
    }),
    expect: { at: 'call', codes: ['GUEST_TIMEOUT'] },
  },
  {
    name: 'start-loop',
    attack: 'loops forever in its start function (instantiation never ends)',
    wat: bioModule({
      extra: '(func $forever (loop $spin (br $spin))) (start $forever)',
      body: '(i32.const 0)',
    }),
    expect: { at: 'call', codes: ['GUEST_TIMEOUT'] },
  },
  {
    name: 'busy-loop',
    attack: 'spins forever without calling anything',
    wat: bioModule({ body: SPIN }),
    expect: { at: 'call', codes: ['GUEST_TIMEOUT'] },
  },
  {
    name: 'concurrent-loops',
    attack: '10 calls at once, each spinning forever (tries to hold every worker)',
    wat: bioModule({ body: SPIN }),
    calls: 10,
    expect: { at: 'call', codes: ['GUEST_TIMEOUT', 'POOL_TIMEOUT'] },
  },
  {
    name: 'log-flood',
    attack: 'logs 3 million 100-byte lines in one call',
    wat: bioModule({
      imports: [ALLOC, STORE_U64, KERNEL('log_info', '(param i64)')],
      locals: '(local $h i64) (local $i i64) (local $n i32)',
      body: `${allocFilled(96, '0x6f6c662d656c6f67')}
    (loop $flood
      (call $log_info (local.get $h))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $flood (i32.lt_u (local.get $n) (i32.const 3000000))))
    (i32.const 0)`,
    }),
    expect: { at: 'call', codes: ['ok', 'GUEST_TIMEOUT'] },
  },
  {
    name: 'table-grow',
    attack: 'grows a funcref table by 9 million elements (memory outside the memory ceiling), 3 calls',
    wat: bioModule({
      extra: '(table $t 0 funcref)',
      locals: '(local $n i32)',
      body: `
    (loop $grow
      (if (i32.eq (table.grow $t (ref.null func) (i32.const 1000000)) (i32.const -1)) (then unreachable))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $grow (i32.lt_u (local.get $n) (i32.const 9))))
    (i32.const 0)`,
    }),
    repeat: 3,
    expect: { at: 'call', codes: ['GUEST_TRAP', 'GUEST_MEMORY_LIMIT'] },
  },
  {
    name: 'memory-grow',
    attack: 'grows its memory until memory.grow fails, then traps',
    wat: bioModule({
      body: `
    (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    unreachable`,
    }),
    expect: { at: 'call', codes: ['GUEST_TRAP', 'GUEST_MEMORY_LIMIT'] },
  },
  {
    name: 'huge-output',
    attack: 'answers a valid 100 MiB response',
    // One block from the kernel (zero bytes: a valid string), behind a 5-byte header: field 1 (biography) and
    // its length as a 4-byte varint. No loop, so the guest is fast and the host's handling is what is tested.
    wat: bioModule({
      imports: [ALLOC, STORE_U8, KERNEL('output_set', '(param i64 i64)')],
      locals: '(local $h i64)',
      body: `
    (local.set $h (call $alloc (i64.const ${100 * MIB})))
    ${[0x0a, ...varint4(100 * MIB - 5)]
      .map((b, i) => `(call $store_u8 (i64.add (local.get $h) (i64.const ${i})) (i32.const ${b}))`)
      .join('\n    ')}
    (call $output_set (local.get $h) (i64.const ${100 * MIB}))
    (i32.const 0)`,
    }),
    expect: { at: 'call', codes: ['any-error'], maxBodyBytes: MIB },
  },
  {
    name: 'huge-error',
    attack: 'sets a 50 MiB error text',
    wat: bioModule({
      imports: [ALLOC, KERNEL('error_set', '(param i64)')],
      body: `
    (call $error_set (call $alloc (i64.const ${50 * MIB})))
    (i32.const 1)`,
    }),
    expect: { at: 'call', codes: ['PLUGIN_ERROR'], maxBodyBytes: MIB },
  },
  {
    name: 'trap',
    attack: 'executes unreachable',
    wat: bioModule({ body: 'unreachable' }),
    expect: { at: 'call', codes: ['GUEST_TRAP'] },
  },
  {
    name: 'stack-overflow',
    attack: 'recurses without end',
    wat: bioModule({ extra: '(func $down (call $down))', body: '(call $down) (i32.const 0)' }),
    expect: { at: 'call', codes: ['GUEST_TRAP'] },
  },
  {
    name: 'missing-export',
    attack: 'is called for a declared method it does not export',
    wat: bioModule({ body: '(i32.const 0)' }),
    method: 'GetArtistURL',
    expect: { at: 'call', codes: ['NOT_IMPLEMENTED'] },
  },
  {
    name: 'huge-manifest',
    attack: 'ships a 10 MB manifest',
    wat: bioModule({ body: '(i32.const 0)' }),
    manifest: { description: 'x'.repeat(10 * 1000 * 1000) },
    expect: { at: 'load', code: 'MANIFEST_INVALID' },
  },
  {
    name: 'bad-name',
    attack: 'names itself "ok." (a trailing dot, unsafe in folders and URLs)',
    wat: bioModule({ body: '(i32.const 0)' }),
    manifest: { name: 'ok.' },
    expect: { at: 'load', code: 'MANIFEST_INVALID' },
  },
  {
    name: 'memory-import',
    attack: 'imports its memory instead of defining it (no ceiling can be written)',
    wat: `(module (import "env" "memory" (memory 1)) (func (export "${BIO}") (result i32) (i32.const 0)))`,
    expect: { at: 'load', code: 'IMPORT_INVALID' },
  },
  {
    name: 'table-import',
    attack: 'imports a table',
    wat: bioModule({ imports: ['(import "env" "table" (table 1 funcref))'], body: '(i32.const 0)' }),
    expect: { at: 'load', code: 'IMPORT_INVALID' },
  },
  {
    name: 'wrong-kernel-signature',
    attack: 'imports log_info as (i32) -> () instead of (i64) -> ()',
    wat: bioModule({
      imports: [KERNEL('log_info', '(param i32)')],
      body: '(call $log_info (i32.const 0)) (i32.const 0)',
    }),
    expect: { at: 'load', code: 'IMPORT_INVALID' },
  },
  {
    name: 'wrong-host-signature',
    attack: 'imports cache_get_string as (i32, i32) -> i32',
    permissions: { cache: { reason: 'hostile corpus' } },
    wat: bioModule({
      imports: ['(import "extism:host/user" "cache_get_string" (func $get (param i32 i32) (result i32)))'],
      body: '(drop (call $get (i32.const 0) (i32.const 0))) (i32.const 0)',
    }),
    expect: { at: 'load', code: 'IMPORT_INVALID' },
  },
  {
    name: 'forbidden-import',
    attack: 'imports a host function its manifest does not grant',
    wat: bioModule({
      imports: ['(import "extism:host/user" "cache_get_string" (func $get (param i64) (result i64)))'],
      body: '(drop (call $get (i64.const 0))) (i32.const 0)',
    }),
    expect: { at: 'load', code: 'PERMISSION_NOT_GRANTED' },
  },
  {
    name: 'unknown-import',
    attack: 'imports a function the host does not provide',
    wat: bioModule({
      imports: ['(import "env" "system" (func $system (param i32)))'],
      body: '(i32.const 0)',
    }),
    expect: { at: 'load', code: 'IMPORT_UNKNOWN' },
  },
];
