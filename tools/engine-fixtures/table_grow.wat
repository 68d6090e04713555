;; Engine contract fixture `table_grow`: grows its funcref table 1,000 elements at a time until table.grow fails,
;; then outputs the table size reached in decimal ASCII. Its table declares no maximum, so only the host's table
;; ceiling stops it (tables live outside linear memory: the memory ceiling does not).
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (table $t 1 funcref)
  (memory (export "memory") 1)
  (func (export "table_grow") (result i32)
    (local $n i32) (local $digits i32) (local $h i64) (local $i i32)
    (loop $grow
      (br_if $grow (i32.ne (table.grow $t (ref.null func) (i32.const 1000)) (i32.const -1))))
    ;; Decimal digits of the size, last digit first, at memory[0..10).
    (local.set $n (table.size $t))
    (loop $digit
      (i32.store8 (local.get $digits) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (i32.ne (local.get $n) (i32.const 0))))
    (local.set $h (call $alloc (i64.extend_i32_u (local.get $digits))))
    (loop $copy
      (call $store_u8
        (i64.add (local.get $h) (i64.extend_i32_u (local.get $i)))
        (i32.load8_u (i32.sub (i32.sub (local.get $digits) (i32.const 1)) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $i) (local.get $digits))))
    (call $output_set (local.get $h) (i64.extend_i32_u (local.get $digits)))
    (i32.const 0)))
