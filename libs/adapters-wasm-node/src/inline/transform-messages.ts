/** A transform job sent to the transform thread. */
export interface TransformRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly yielding: boolean;
}

/** The transform thread's answer to one {@link TransformRequest}. */
export type TransformReply =
  | { readonly id: number; readonly ok: true; readonly bytes: Uint8Array }
  | {
      readonly id: number;
      readonly ok: false;
      /** True when binaryen refused the module (it then belongs on the worker executor for good). */
      readonly rejected: boolean;
      readonly message: string;
    };
