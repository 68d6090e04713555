;; Engine contract fixture `init_loop`: its `_initialize` export (a WASI reactor's constructor, which every engine
;; calls at instantiation) loops forever. It also exports `init_loop` (never reached).
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (loop $l (br $l)))
  (func (export "init_loop") (result i32) (i32.const 0)))
