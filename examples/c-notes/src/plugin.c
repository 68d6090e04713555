// Example plugin `c-notes`, in C: a MetadataAgent whose GetArtistBiography answers the configured
// `bio.<artist name in lower case>` (ASCII letters are lowered; other bytes compared as they are), read through
// the host's ConfigService on every call. Anything else answers plugin:not_found; the other MetadataAgent methods
// are not exported, so the host answers them plugin:not_implemented.
//
// It speaks the Extism guest ABI directly (extism.h) and encodes the few protobuf fields it needs by hand
// (proto.h): field numbers from libs/protocol/proto (ArtistBiographyRequest.name = 2,
// ArtistBiographyResponse.biography = 1, GetPluginConfigResponse.config = 1 as map entries key = 1, value = 2).
#include <stdlib.h>
#include <string.h>

#include "extism.h"
#include "proto.h"

static const char NOT_FOUND[] = "plugin:not_found";
static const char KEY_PREFIX[] = "bio.";

/** Copies `length` bytes into a new Extism block; 0 when the host has no memory for it. */
static uint64_t to_block(const uint8_t *data, size_t length) {
  uint64_t handle = extism_alloc(length);
  if (handle == 0) return 0;
  for (size_t i = 0; i < length; i++) extism_store_u8(handle + i, data[i]);
  return handle;
}

/** Answers the call with an error text; the host maps `plugin:not_found` to NOT_FOUND. */
static int32_t fail(const char *text) {
  extism_error_set(to_block((const uint8_t *)text, strlen(text)));
  return 1;
}

/** The bytes of a block, in a malloc'ed buffer the caller frees; NULL (with *length 0) for an empty block. */
static uint8_t *read_block(uint64_t handle, size_t *length) {
  *length = handle ? (size_t)extism_length(handle) : 0;
  if (*length == 0) return NULL;
  uint8_t *data = malloc(*length);
  if (!data) return NULL;
  for (size_t i = 0; i < *length; i++) data[i] = extism_load_u8(handle + i);
  return data;
}

static uint8_t *read_input(size_t *length) {
  *length = (size_t)extism_input_length();
  if (*length == 0) return NULL;
  uint8_t *data = malloc(*length);
  if (!data) return NULL;
  for (size_t i = 0; i < *length; i++) data[i] = extism_input_load_u8(i);
  return data;
}

static int same(slice a, const uint8_t *b, size_t length) {
  return a.length == length && memcmp(a.data, b, length) == 0;
}

/** The value of `key` in an encoded GetPluginConfigResponse; `found` is 0 when absent. */
static slice config_value(const uint8_t *config, size_t length, const uint8_t *key, size_t key_length, int *found) {
  proto_reader r = {config, config + length, 0};
  uint32_t field, wire;
  slice none = {0, 0};
  *found = 0;
  while (proto_next(&r, &field, &wire)) {
    if (field != 1 || wire != 2) {
      proto_skip(&r, wire);
      continue;
    }
    slice entry = proto_bytes(&r);
    proto_reader e = {entry.data, entry.data + entry.length, 0};
    slice k = none, v = none;
    while (proto_next(&e, &field, &wire)) {
      if (field == 1 && wire == 2) k = proto_bytes(&e);
      else if (field == 2 && wire == 2) v = proto_bytes(&e);
      else proto_skip(&e, wire);
    }
    if (!e.failed && same(k, key, key_length)) {
      *found = 1;
      return v;
    }
  }
  return none;
}

__attribute__((export_name("metadata_agent_get_artist_biography"))) int32_t get_artist_biography(void) {
  size_t input_length;
  uint8_t *input = read_input(&input_length);
  proto_reader r = {input, input + input_length, 0};
  uint32_t field, wire;
  slice name = {0, 0};
  while (proto_next(&r, &field, &wire)) {
    if (field == 2 && wire == 2) name = proto_bytes(&r);
    else proto_skip(&r, wire);
  }
  if (r.failed) {
    free(input);
    return fail("c-notes: malformed ArtistBiographyRequest");
  }
  if (name.length == 0) {
    free(input);
    return fail(NOT_FOUND);
  }

  size_t key_length = sizeof KEY_PREFIX - 1 + name.length;
  uint8_t *key = malloc(key_length);
  if (!key) {
    free(input);
    return fail("c-notes: out of memory");
  }
  memcpy(key, KEY_PREFIX, sizeof KEY_PREFIX - 1);
  for (size_t i = 0; i < name.length; i++) {
    uint8_t c = name.data[i];
    key[sizeof KEY_PREFIX - 1 + i] = (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
  }
  free(input);

  // GetPluginConfigRequest has no fields: its encoding is empty, passed as handle 0.
  uint64_t answer = config_get_plugin_config(0);
  size_t config_length;
  uint8_t *config = read_block(answer, &config_length);
  if (answer) extism_free(answer);

  int found;
  slice bio = config_value(config, config_length, key, key_length, &found);
  free(key);
  if (!found || bio.length == 0) {
    free(config);
    return fail(NOT_FOUND);
  }

  proto_writer w = {0, 0, 0, 0};
  proto_write_bytes(&w, 1, bio.data, bio.length);
  free(config);
  if (w.failed) {
    free(w.data);
    return fail("c-notes: out of memory");
  }
  uint64_t out = to_block(w.data, w.length);
  free(w.data);
  if (out == 0) return fail("c-notes: the host has no memory for the answer");
  extism_output_set(out, w.length);
  return 0;
}
