/** The per-call log caps of a guest. */
export interface LogCaps {
  readonly maxLines: number;
  readonly maxBytes: number;
}

/**
 * Counts one call's log lines against its caps, in the guest's thread, before a line is decoded or sent anywhere:
 * a guest logging millions of lines costs the host a counter increment per line beyond the cap, not a message.
 */
export class LogBudget {
  private lines = 0;
  private bytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;

  constructor(private readonly caps: LogCaps) {}

  /** Whether a line of `byteLength` UTF-8 bytes may still be logged in this call; counts it either way. */
  admit(byteLength: number): boolean {
    if (this.lines < this.caps.maxLines && this.bytes + byteLength <= this.caps.maxBytes) {
      this.lines++;
      this.bytes += byteLength;
      return true;
    }
    this.droppedLines++;
    this.droppedBytes += byteLength;
    return false;
  }

  /**
   * Ends the call: answers the one warning to log when lines were dropped (else undefined) and starts a new count.
   */
  settle(): string | undefined {
    const summary =
      this.droppedLines === 0
        ? undefined
        : `the plugin logged too much in one call: ${this.droppedLines} lines (${this.droppedBytes} bytes) were ` +
          `dropped beyond the cap of ${this.caps.maxLines} lines / ${this.caps.maxBytes} bytes per call`;
    this.lines = 0;
    this.bytes = 0;
    this.droppedLines = 0;
    this.droppedBytes = 0;
    return summary;
  }
}
