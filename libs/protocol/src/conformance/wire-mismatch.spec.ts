import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ArtistSimilarResponseSchema, InitRequestSchema } from '../gen/api/api_pb.js';
import { TimeNowResponseSchema } from '../gen/host/scheduler/scheduler_pb.js';
import { hasWireTypeMismatch } from './wire-mismatch.js';

describe('hasWireTypeMismatch', () => {
  it('is false for valid encodings, nested messages and map entries included', () => {
    const similar = create(ArtistSimilarResponseSchema, { artists: [{ name: 'Odetta', mbid: 'x' }] });
    expect(
      hasWireTypeMismatch(ArtistSimilarResponseSchema, toBinary(ArtistSimilarResponseSchema, similar)),
    ).toBe(false);
    const init = create(InitRequestSchema, { config: { a: 'b' } });
    expect(hasWireTypeMismatch(InitRequestSchema, toBinary(InitRequestSchema, init))).toBe(false);
  });

  it('finds a known int64 field sent as fixed32 (field 2, wire type 5)', () => {
    expect(hasWireTypeMismatch(TimeNowResponseSchema, Uint8Array.from([21, 128, 128, 128, 1]))).toBe(true);
  });

  it('finds a mismatch inside a nested message and inside a map entry, and ignores unknown fields', () => {
    // artists[0] = { name: varint 0 } — field 1 of Artist is a string.
    expect(hasWireTypeMismatch(ArtistSimilarResponseSchema, Uint8Array.from([10, 2, 8, 0]))).toBe(true);
    // config entry { key: varint 0 } — a map<string, string> key is length-delimited.
    expect(hasWireTypeMismatch(InitRequestSchema, Uint8Array.from([10, 2, 8, 0]))).toBe(true);
    // field 15 (unknown to TimeNowResponse) as a varint.
    expect(hasWireTypeMismatch(TimeNowResponseSchema, Uint8Array.from([120, 1]))).toBe(false);
  });
});
