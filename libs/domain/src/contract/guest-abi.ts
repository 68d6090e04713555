// The names of the guest ABI: the Extism kernel module and its functions, the host-function module, WASI preview 1.
// This file imports only generated constants, so worker threads load it (`@ndp/domain/guest-abi`) without the
// rest of the domain; everything else takes these names from here too.
export { GUEST_ENV_MODULE, HOST_USER_MODULE } from '../gen/contract.js';

/**
 * The Extism kernel functions a guest may import from `extism:host/env` (docs/contract.md §9). Both engines
 * provide every one of them, so any Extism PDK links.
 */
export const EXTISM_KERNEL_FUNCTIONS = Object.freeze([
  'input_length',
  'input_load_u8',
  'input_load_u64',
  'input_offset',
  'alloc',
  'free',
  'length',
  'length_unsafe',
  'load_u8',
  'load_u64',
  'store_u8',
  'store_u64',
  'output_set',
  'error_set',
  'config_get',
  'var_get',
  'var_set',
  'http_request',
  'http_status_code',
  'http_headers',
  'log_info',
  'log_debug',
  'log_warn',
  'log_error',
  'log_trace',
  'get_log_level',
] as const);

/** The module name of WASI preview 1, which guests built with a WASI target import. */
export const WASI_PREVIEW1_MODULE = 'wasi_snapshot_preview1';

/**
 * Every function of WASI preview 1. A guest may import any of them; what each one is allowed to do (no files, no
 * environment) is the engine's business, not the linker's.
 */
export const WASI_PREVIEW1_FUNCTIONS = Object.freeze([
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'sched_yield',
  'random_get',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
] as const);

/** One of {@link EXTISM_KERNEL_FUNCTIONS}. */
export type ExtismKernelFunction = (typeof EXTISM_KERNEL_FUNCTIONS)[number];

/**
 * Extism log levels as the guest sees them through `get_log_level`: 0 trace … 4 error, and `off` as `i32::MAX`.
 * The one table of them: the ports' `PluginLogLevel`, the engines and the host's config all use it.
 */
export const GUEST_LOG_LEVELS = Object.freeze({
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  off: 0x7fffffff,
} as const);
