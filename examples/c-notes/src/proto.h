// Just enough protobuf wire format for this plugin: varints, length-delimited fields, and skipping the rest.
#ifndef C_NOTES_PROTO_H
#define C_NOTES_PROTO_H

#include <stddef.h>
#include <stdint.h>

/** A byte range inside a decoded message (not NUL-terminated). */
typedef struct {
  const uint8_t *data;
  size_t length;
} slice;

/** A reader over one message; `failed` is set on malformed input and stays set. */
typedef struct {
  const uint8_t *at;
  const uint8_t *end;
  int failed;
} proto_reader;

/** Reads the next field's key; 0 at the end of the message or on failure. */
int proto_next(proto_reader *r, uint32_t *field, uint32_t *wire_type);
/** Reads a length-delimited value (wire type 2). */
slice proto_bytes(proto_reader *r);
/** Skips a value of `wire_type`. */
void proto_skip(proto_reader *r, uint32_t wire_type);

/** A growable output buffer; `failed` is set when memory runs out. */
typedef struct {
  uint8_t *data;
  size_t length;
  size_t capacity;
  int failed;
} proto_writer;

/** Appends field `field` as a length-delimited value. */
void proto_write_bytes(proto_writer *w, uint32_t field, const uint8_t *data, size_t length);

#endif
