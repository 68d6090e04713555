export declare const STAMP_FILE: string;
export declare function inputHash(): string;
export declare function ensureGenerated(options?: {
  quiet?: boolean;
}): Promise<{ generated: boolean; hash: string; skipped: string[] }>;
