;; Engine contract fixture `start_loop`: its start function loops forever, so only an instantiation deadline can
;; stop it. It also exports `start_loop` (never reached) so it looks like any plugin.
(module
  (memory (export "memory") 1)
  (func $start (loop $l (br $l)))
  (start $start)
  (func (export "start_loop") (result i32) (i32.const 0)))
