/*
 * The proving scan's AES with AES-NI, fused with the difficulty filter (spec post-poet §2.3; post-rs does the same
 * with the `aes` crate). node:crypto can only return each AES output in a fresh buffer, which the scanner then
 * copies into WebAssembly memory and filters in a second pass; here labels are encrypted straight out of that
 * memory and each 128-byte batch is filtered while still in registers, so only the hits are written back.
 *
 * Exports (all offsets are byte offsets into `mem`, a Uint8Array over the scanner's WebAssembly memory):
 *   available: boolean                      true when this CPU has AES-NI (otherwise nothing else may be called)
 *   expandKey(key16) -> Uint8Array(176)     the AES-128 encryption round keys
 *   scanPiece(roundKeys, mem, dataAt, len, pieceStart, limit, hitsAt, tagsAt, count) -> count
 *       encrypts `len` bytes of labels at `dataAt`; for every output byte <= limit appends its offset plus
 *       `pieceStart` (u32) at hitsAt and a tag (u8: 1 when equal to the limit, a tie) at tagsAt
 *   encrypt(roundKeys, mem, inAt, outAt, len)  plain AES-128-ECB, `len` a multiple of 16
 *
 * Only N-API is used, so one build serves Node and Electron alike. Compiled for x86-64 only; elsewhere (or on a
 * CPU without AES-NI) the scanner keeps its node:crypto path.
 */
#include <node_api.h>
#include "napiArgs.h"
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define SMESHER_AESNI 1
#if defined(__GNUC__)
#define AESNI_FN __attribute__((target("aes,sse4.1")))
#else
#define AESNI_FN
#endif
#endif

#define ROUND_KEYS_BYTES 176

#ifdef SMESHER_AESNI

static int cpu_has_aesni(void) {
#if defined(__GNUC__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1");
#else
  return 1; /* every x86-64 CPU Windows 10+ runs on with SSE4.1 has AES-NI in practice; MSVC has no probe here */
#endif
}

AESNI_FN static inline __m128i expand_step(__m128i key, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xff);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

AESNI_FN static void expand_key(const uint8_t *key, __m128i rk[11]) {
  rk[0] = _mm_loadu_si128((const __m128i *)key);
  /* aeskeygenassist needs its round constant as an immediate, hence no loop. */
  rk[1] = expand_step(rk[0], _mm_aeskeygenassist_si128(rk[0], 0x01));
  rk[2] = expand_step(rk[1], _mm_aeskeygenassist_si128(rk[1], 0x02));
  rk[3] = expand_step(rk[2], _mm_aeskeygenassist_si128(rk[2], 0x04));
  rk[4] = expand_step(rk[3], _mm_aeskeygenassist_si128(rk[3], 0x08));
  rk[5] = expand_step(rk[4], _mm_aeskeygenassist_si128(rk[4], 0x10));
  rk[6] = expand_step(rk[5], _mm_aeskeygenassist_si128(rk[5], 0x20));
  rk[7] = expand_step(rk[6], _mm_aeskeygenassist_si128(rk[6], 0x40));
  rk[8] = expand_step(rk[7], _mm_aeskeygenassist_si128(rk[7], 0x80));
  rk[9] = expand_step(rk[8], _mm_aeskeygenassist_si128(rk[8], 0x1b));
  rk[10] = expand_step(rk[9], _mm_aeskeygenassist_si128(rk[9], 0x36));
}

AESNI_FN static inline void load_keys(const uint8_t *bytes, __m128i rk[11]) {
  for (int i = 0; i < 11; i++) rk[i] = _mm_loadu_si128((const __m128i *)(bytes + 16 * i));
}

/* Eight independent blocks at a time keep the AES unit's pipeline full (latency ~4, throughput 1 per cycle). */
AESNI_FN static inline void encrypt8(const __m128i rk[11], __m128i b[8]) {
  for (int j = 0; j < 8; j++) b[j] = _mm_xor_si128(b[j], rk[0]);
  for (int r = 1; r < 10; r++) {
    for (int j = 0; j < 8; j++) b[j] = _mm_aesenc_si128(b[j], rk[r]);
  }
  for (int j = 0; j < 8; j++) b[j] = _mm_aesenclast_si128(b[j], rk[10]);
}

AESNI_FN static inline __m128i encrypt1(const __m128i rk[11], __m128i b) {
  b = _mm_xor_si128(b, rk[0]);
  for (int r = 1; r < 10; r++) b = _mm_aesenc_si128(b, rk[r]);
  return _mm_aesenclast_si128(b, rk[10]);
}

/* Appends the hits among `n` encrypted blocks at byte offset `at` (relative to the piece). */
AESNI_FN static inline uint32_t collect(const __m128i *b, int n, uint32_t at, uint32_t piece_start, __m128i bound, uint8_t limit,
                                          uint8_t *hits, uint8_t *tags, uint32_t count) {
  for (int j = 0; j < n; j++) {
    /* x <= limit  <=>  min(x, limit) == x, unsigned */
    uint32_t mask = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(b[j], bound), b[j]));
    if (mask == 0) continue;
    uint8_t bytes[16];
    _mm_storeu_si128((__m128i *)bytes, b[j]);
    while (mask != 0) {
      int k = __builtin_ctz(mask);
      uint32_t off = piece_start + at + 16u * (uint32_t)j + (uint32_t)k;
      memcpy(hits + 4u * count, &off, 4);
      tags[count] = bytes[k] == limit ? 1 : 0;
      count++;
      mask &= mask - 1;
    }
  }
  return count;
}

AESNI_FN static uint32_t scan_piece(const uint8_t *keys, const uint8_t *data, uint32_t len, uint32_t piece_start, uint8_t limit,
                                     uint8_t *hits, uint8_t *tags, uint32_t count) {
  __m128i rk[11];
  load_keys(keys, rk);
  const __m128i bound = _mm_set1_epi8((char)limit);
  uint32_t at = 0;
  __m128i b[8];
  for (; at + 128 <= len; at += 128) {
    for (int j = 0; j < 8; j++) b[j] = _mm_loadu_si128((const __m128i *)(data + at + 16 * j));
    encrypt8(rk, b);
    count = collect(b, 8, at, piece_start, bound, limit, hits, tags, count);
  }
  for (; at + 16 <= len; at += 16) {
    b[0] = encrypt1(rk, _mm_loadu_si128((const __m128i *)(data + at)));
    count = collect(b, 1, at, piece_start, bound, limit, hits, tags, count);
  }
  return count;
}

AESNI_FN static void encrypt_ecb(const uint8_t *keys, const uint8_t *in, uint8_t *out, uint32_t len) {
  __m128i rk[11];
  load_keys(keys, rk);
  uint32_t at = 0;
  __m128i b[8];
  for (; at + 128 <= len; at += 128) {
    for (int j = 0; j < 8; j++) b[j] = _mm_loadu_si128((const __m128i *)(in + at + 16 * j));
    encrypt8(rk, b);
    for (int j = 0; j < 8; j++) _mm_storeu_si128((__m128i *)(out + at + 16 * j), b[j]);
  }
  for (; at + 16 <= len; at += 16) _mm_storeu_si128((__m128i *)(out + at), encrypt1(rk, _mm_loadu_si128((const __m128i *)(in + at))));
}

AESNI_FN static void expand_key_bytes(const uint8_t *key, uint8_t *out) {
  __m128i rk[11];
  expand_key(key, rk);
  for (int i = 0; i < 11; i++) _mm_storeu_si128((__m128i *)(out + 16 * i), rk[i]);
}

#endif /* SMESHER_AESNI */

/* ---- N-API glue: argument checks throw RangeError/TypeError, so a bad call never touches memory. ---- */

/* end <= length, without overflow */
static int fits(uint64_t start, uint64_t size, size_t length) { return start + size <= (uint64_t)length; }

static napi_value js_expand_key(napi_env env, napi_callback_info info) {
#ifdef SMESHER_AESNI
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *key;
  size_t key_len;
  if (argc < 1 || !get_bytes(env, argv[0], &key, &key_len) || key_len != 16) return throw_range(env, "expandKey: key must be 16 bytes");
  void *out;
  napi_value array_buffer, result;
  if (napi_create_arraybuffer(env, ROUND_KEYS_BYTES, &out, &array_buffer) != napi_ok) return NULL;
  expand_key_bytes(key, (uint8_t *)out);
  napi_create_typedarray(env, napi_uint8_array, ROUND_KEYS_BYTES, array_buffer, 0, &result);
  return result;
#else
  (void)info;
  return throw_range(env, "AES-NI is not available");
#endif
}

static napi_value js_scan_piece(napi_env env, napi_callback_info info) {
#ifdef SMESHER_AESNI
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *keys, *mem;
  size_t keys_len, mem_len;
  uint32_t data_at, len, piece_start, limit, hits_at, tags_at, count;
  if (argc < 9 || !get_bytes(env, argv[0], &keys, &keys_len) || keys_len != ROUND_KEYS_BYTES || !get_bytes(env, argv[1], &mem, &mem_len) ||
      !get_u32(env, argv[2], &data_at) || !get_u32(env, argv[3], &len) || !get_u32(env, argv[4], &piece_start) || !get_u32(env, argv[5], &limit) ||
      !get_u32(env, argv[6], &hits_at) || !get_u32(env, argv[7], &tags_at) || !get_u32(env, argv[8], &count) || limit > 255 || len % 16 != 0) {
    return throw_range(env, "scanPiece: bad arguments");
  }
  /* Room for the worst case: every byte of the piece a hit. */
  if (!fits(data_at, len, mem_len) || !fits(hits_at, 4ull * ((uint64_t)count + len), mem_len) || !fits(tags_at, (uint64_t)count + len, mem_len)) {
    return throw_range(env, "scanPiece: out of bounds");
  }
  uint32_t result = scan_piece(keys, mem + data_at, len, piece_start, (uint8_t)limit, mem + hits_at, mem + tags_at, count);
  napi_value out;
  napi_create_uint32(env, result, &out);
  return out;
#else
  (void)info;
  return throw_range(env, "AES-NI is not available");
#endif
}

static napi_value js_encrypt(napi_env env, napi_callback_info info) {
#ifdef SMESHER_AESNI
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *keys, *mem;
  size_t keys_len, mem_len;
  uint32_t in_at, out_at, len;
  if (argc < 5 || !get_bytes(env, argv[0], &keys, &keys_len) || keys_len != ROUND_KEYS_BYTES || !get_bytes(env, argv[1], &mem, &mem_len) ||
      !get_u32(env, argv[2], &in_at) || !get_u32(env, argv[3], &out_at) || !get_u32(env, argv[4], &len) || len % 16 != 0) {
    return throw_range(env, "encrypt: bad arguments");
  }
  if (!fits(in_at, len, mem_len) || !fits(out_at, len, mem_len)) return throw_range(env, "encrypt: out of bounds");
  encrypt_ecb(keys, mem + in_at, mem + out_at, len);
  return NULL;
#else
  (void)info;
  return throw_range(env, "AES-NI is not available");
#endif
}

NAPI_MODULE_INIT() {
  napi_value fn, available;
#ifdef SMESHER_AESNI
  napi_get_boolean(env, cpu_has_aesni() != 0, &available);
#else
  napi_get_boolean(env, false, &available);
#endif
  napi_set_named_property(env, exports, "available", available);
  napi_create_function(env, "expandKey", NAPI_AUTO_LENGTH, js_expand_key, NULL, &fn);
  napi_set_named_property(env, exports, "expandKey", fn);
  napi_create_function(env, "scanPiece", NAPI_AUTO_LENGTH, js_scan_piece, NULL, &fn);
  napi_set_named_property(env, exports, "scanPiece", fn);
  napi_create_function(env, "encrypt", NAPI_AUTO_LENGTH, js_encrypt, NULL, &fn);
  napi_set_named_property(env, exports, "encrypt", fn);
  return exports;
}
