#include "proto.h"

#include <stdlib.h>
#include <string.h>

static uint64_t read_varint(proto_reader *r) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->at >= r->end) break;
    uint8_t b = *r->at++;
    value |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  r->failed = 1;
  return 0;
}

int proto_next(proto_reader *r, uint32_t *field, uint32_t *wire_type) {
  if (r->failed || r->at >= r->end) return 0;
  uint64_t key = read_varint(r);
  if (r->failed || key >> 3 == 0) {
    r->failed = 1;
    return 0;
  }
  *field = (uint32_t)(key >> 3);
  *wire_type = (uint32_t)(key & 7);
  return 1;
}

slice proto_bytes(proto_reader *r) {
  slice s = {0, 0};
  uint64_t n = read_varint(r);
  if (r->failed || n > (uint64_t)(r->end - r->at)) {
    r->failed = 1;
    return s;
  }
  s.data = r->at;
  s.length = (size_t)n;
  r->at += n;
  return s;
}

void proto_skip(proto_reader *r, uint32_t wire_type) {
  switch (wire_type) {
    case 0:
      read_varint(r);
      return;
    case 1:
      if (r->end - r->at < 8) r->failed = 1; else r->at += 8;
      return;
    case 2:
      proto_bytes(r);
      return;
    case 5:
      if (r->end - r->at < 4) r->failed = 1; else r->at += 4;
      return;
    default:
      r->failed = 1; // groups (3, 4) are not used by the ndp protocol
  }
}

static void reserve(proto_writer *w, size_t more) {
  if (w->failed || w->length + more <= w->capacity) return;
  size_t capacity = w->capacity ? w->capacity * 2 : 64;
  while (capacity < w->length + more) capacity *= 2;
  uint8_t *grown = realloc(w->data, capacity);
  if (!grown) {
    w->failed = 1;
    return;
  }
  w->data = grown;
  w->capacity = capacity;
}

static void write_varint(proto_writer *w, uint64_t value) {
  reserve(w, 10);
  if (w->failed) return;
  do {
    uint8_t b = value & 0x7f;
    value >>= 7;
    w->data[w->length++] = b | (value ? 0x80 : 0);
  } while (value);
}

void proto_write_bytes(proto_writer *w, uint32_t field, const uint8_t *data, size_t length) {
  write_varint(w, ((uint64_t)field << 3) | 2);
  write_varint(w, length);
  reserve(w, length);
  if (w->failed) return;
  memcpy(w->data + w->length, data, length);
  w->length += length;
}
