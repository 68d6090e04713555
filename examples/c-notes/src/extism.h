// The few functions of the Extism guest ABI this plugin uses (module "extism:host/env"), and the host service it
// calls (module "extism:host/user"). Handles are opaque 64-bit values; 0 means "none".
#ifndef C_NOTES_EXTISM_H
#define C_NOTES_EXTISM_H

#include <stdint.h>

#define EXTISM_ENV(name) __attribute__((import_module("extism:host/env"), import_name(name)))
#define EXTISM_USER(name) __attribute__((import_module("extism:host/user"), import_name(name)))

EXTISM_ENV("input_length") uint64_t extism_input_length(void);
EXTISM_ENV("input_load_u8") uint8_t extism_input_load_u8(uint64_t offset);
EXTISM_ENV("alloc") uint64_t extism_alloc(uint64_t length);
EXTISM_ENV("free") void extism_free(uint64_t handle);
EXTISM_ENV("length") uint64_t extism_length(uint64_t handle);
EXTISM_ENV("load_u8") uint8_t extism_load_u8(uint64_t address);
EXTISM_ENV("store_u8") void extism_store_u8(uint64_t address, uint8_t value);
EXTISM_ENV("output_set") void extism_output_set(uint64_t handle, uint64_t length);
EXTISM_ENV("error_set") void extism_error_set(uint64_t handle);

// ConfigService.GetPluginConfig: protobuf GetPluginConfigRequest in, GetPluginConfigResponse out (granted by the
// manifest's `config` permission).
EXTISM_USER("config_get_plugin_config") uint64_t config_get_plugin_config(uint64_t request);

#endif
