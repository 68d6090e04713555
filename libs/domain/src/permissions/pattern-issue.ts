/** An invalid URL pattern of an allow list: which one (its text and position) and what is wrong with it. */
export interface PatternIssue {
  readonly pattern: string;
  /** Position in a list of patterns (WebSocket); absent for keyed patterns (HTTP). */
  readonly index?: number;
  readonly message: string;
}
