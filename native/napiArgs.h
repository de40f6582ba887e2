/*
 * Argument checks shared by the N-API addons in native/: each throws nothing itself; a caller that gets 0 throws a
 * RangeError through throw_range, so a bad call from JavaScript never touches memory.
 */
#ifndef SMESHER_NAPI_ARGS_H
#define SMESHER_NAPI_ARGS_H

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Throws a RangeError with `message`; returns NULL for the callback to return. */
static inline napi_value throw_range(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

/* A Uint8Array's bytes and length (its view, not its whole buffer); 0 for anything else. An empty array's data
 * pointer may be NULL. */
static inline int get_bytes(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  napi_typedarray_type type;
  size_t count;
  void *base;
  napi_value buffer;
  size_t offset;
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, &count, &base, &buffer, &offset) != napi_ok || type != napi_uint8_array) return 0;
  *data = count == 0 ? NULL : (uint8_t *)base;
  *length = count;
  return 1;
}

/* A number that is an integer in 0 .. 2^32 - 1; 0 for anything else. */
static inline int get_u32(napi_env env, napi_value value, uint32_t *out) {
  double d;
  if (napi_get_value_double(env, value, &d) != napi_ok) return 0;
  if (!(d >= 0 && d <= 4294967295.0) || d != (double)(uint32_t)d) return 0;
  *out = (uint32_t)d;
  return 1;
}

#endif
