// Logging through the Extism host. Messages are UTF-8 with their byte length; empty messages are skipped,
// since an empty block is handle 0, which hosts may reject.
import { get_log_level, log_debug, log_error, log_info, log_trace, log_warn } from './env';
import { storeString } from './memory';

/** Writes to the host's log for this plugin. Each call copies the message once; the host frees it. */
export class Log {
  /** Info level. */
  static info(message: string): void {
    if (message.length > 0) log_info(storeString(message));
  }

  /** Debug level. */
  static debug(message: string): void {
    if (message.length > 0) log_debug(storeString(message));
  }

  /** Warn level. */
  static warn(message: string): void {
    if (message.length > 0) log_warn(storeString(message));
  }

  /** Error level. */
  static error(message: string): void {
    if (message.length > 0) log_error(storeString(message));
  }

  /**
   * Trace level. Imports `log_trace`, which @extism/extism 1.0.3 does not provide: a plugin that calls this
   * links on ndp's Node engine and libextism, not on that SDK.
   */
  static trace(message: string): void {
    if (message.length > 0) log_trace(storeString(message));
  }

  /**
   * The host's level (0 trace, 1 debug, 2 info, 3 warn, 4 error, i32.MAX_VALUE off), to skip building costly
   * messages. Imports `get_log_level`, which @extism/extism 1.0.3 does not provide.
   */
  static level(): i32 {
    return get_log_level();
  }
}
