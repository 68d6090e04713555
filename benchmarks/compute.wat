;; Compute-heavy guest for the inline executor's instrumentation cost: "fnv" hashes n bytes (a typical
;; multiply chain), "sum" adds n bytes (a one-cycle loop: the worst case for a per-iteration fuel check).
(module
  (memory (export "memory") 17)
  (func (export "fnv") (param $n i32) (result i32) (local $h i32) (local $i i32)
    (local.set $h (i32.const 0x811c9dc5))
    (loop $l
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $i))) (i32.const 0x01000193)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $h))
  (func (export "sum") (param $n i32) (result i32) (local $s i32) (local $i i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
