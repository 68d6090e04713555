(module
  ;; Extism memory for one guest instance. Blocks are bump-allocated in this module's own memory and all freed at
  ;; once by `reset` before each call. A handle is the byte offset of a block's data; the 8 bytes before it hold the
  ;; block length. Offset 0 is never a valid handle (NULL).
  (memory (export "memory") 1)
  (global $base i64 (i64.const 16))
  (global $top (mut i64) (i64.const 16))
  (global $limit (mut i64) (i64.const 0))      ;; max bytes of kernel memory (0 = unlimited)
  (global $input (mut i64) (i64.const 0))
  (global $input_len (mut i64) (i64.const 0))
  (global $output (mut i64) (i64.const 0))
  (global $output_len (mut i64) (i64.const 0))
  (global $error (mut i64) (i64.const 0))

  (func (export "set_limit") (param $bytes i64) (global.set $limit (local.get $bytes)))

  (func (export "reset")
    (global.set $top (global.get $base))
    (global.set $input (i64.const 0)) (global.set $input_len (i64.const 0))
    (global.set $output (i64.const 0)) (global.set $output_len (i64.const 0))
    (global.set $error (i64.const 0)))

  (func $alloc (export "alloc") (param $n i64) (result i64)
    (local $h i64) (local $end i64) (local $need i64)
    (if (i64.eqz (local.get $n)) (then (return (i64.const 0))))
    ;; Refuse sizes that cannot fit in 32-bit memory before adding: top + 8 + n would wrap around 2^64 and hand out
    ;; a block overlapping the live ones.
    (if (i64.gt_u (local.get $n) (i64.const 0xFFFFFFFF)) (then (return (i64.const 0))))
    ;; header (8 bytes) + data, rounded up to 8
    (local.set $h (i64.add (global.get $top) (i64.const 8)))
    (local.set $end (i64.and (i64.add (i64.add (local.get $h) (local.get $n)) (i64.const 7)) (i64.const -8)))
    (if (i64.gt_u (local.get $end) (i64.const 0xFFFFFFFF)) (then (return (i64.const 0))))
    (if (i32.and (i64.ne (global.get $limit) (i64.const 0)) (i64.gt_u (local.get $end) (global.get $limit)))
      (then (return (i64.const 0))))
    (local.set $need (i64.sub (i64.shr_u (i64.add (local.get $end) (i64.const 65535)) (i64.const 16))
                              (i64.extend_i32_u (memory.size))))
    (if (i64.gt_s (local.get $need) (i64.const 0))
      (then (if (i32.eq (memory.grow (i32.wrap_i64 (local.get $need))) (i32.const -1)) (then (return (i64.const 0))))))
    (i64.store (i32.wrap_i64 (global.get $top)) (local.get $n))
    (global.set $top (local.get $end))
    (local.get $h))

  (func (export "free") (param $h i64))

  (func $valid (param $h i64) (result i32)
    (i32.and (i64.ge_u (local.get $h) (i64.add (global.get $base) (i64.const 8)))
             (i64.lt_u (local.get $h) (global.get $top))))

  (func $length (export "length") (param $h i64) (result i64)
    (if (result i64) (call $valid (local.get $h))
      (then (i64.load (i32.wrap_i64 (i64.sub (local.get $h) (i64.const 8)))))
      (else (i64.const 0))))
  (func (export "length_unsafe") (param $h i64) (result i64)
    (i64.load (call $addr (i64.sub (local.get $h) (i64.const 8)))))

  ;; A guest address as a 32-bit offset. Above 4 GiB it names no byte of this memory: trap rather than let
  ;; i32.wrap_i64 fold it onto another block (and h - 8 below 0 onto the top of memory).
  (func $addr (param $a i64) (result i32)
    (if (i64.gt_u (local.get $a) (i64.const 0xFFFFFFFF)) (then (unreachable)))
    (i32.wrap_i64 (local.get $a)))

  (func (export "load_u8") (param $a i64) (result i32) (i32.load8_u (call $addr (local.get $a))))
  (func (export "load_u64") (param $a i64) (result i64) (i64.load (call $addr (local.get $a))))
  (func (export "store_u8") (param $a i64) (param $v i32) (i32.store8 (call $addr (local.get $a)) (local.get $v)))
  (func (export "store_u64") (param $a i64) (param $v i64) (i64.store (call $addr (local.get $a)) (local.get $v)))

  (func (export "input_set") (param $h i64) (param $n i64) (global.set $input (local.get $h)) (global.set $input_len (local.get $n)))
  (func (export "input_offset") (result i64) (global.get $input))
  (func (export "input_length") (result i64) (global.get $input_len))
  (func (export "input_load_u8") (param $o i64) (result i32)
    (i32.load8_u (call $addr (i64.add (global.get $input) (local.get $o)))))
  (func (export "input_load_u64") (param $o i64) (result i64)
    (i64.load (call $addr (i64.add (global.get $input) (local.get $o)))))

  (func (export "output_set") (param $h i64) (param $n i64) (global.set $output (local.get $h)) (global.set $output_len (local.get $n)))
  (func (export "output_offset") (result i64) (global.get $output))
  (func (export "output_length") (result i64) (global.get $output_len))
  (func (export "error_set") (param $h i64) (global.set $error (local.get $h)))
  (func (export "error_get") (result i64) (global.get $error))
)
