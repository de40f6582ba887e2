/*
 * The PoET's label chain natively (docs/protocol/poet.md §3): H400(S, m) = sha256^399(sha256(S || m)). In JS every
 * link of the chain is one node:crypto call with its own digest buffer, and that overhead, not SHA-256, sets the
 * PoET's pace. Here the 399 links after the first are one loop with the state in registers: each link hashes the
 * previous 32-byte digest, a single padded block, so the digest's words are the next block's first eight message
 * words as they stand (no byte order round trip) and the padding words are constants.
 *
 * Two compressions: x86 SHA extensions (sha256rnds2/msg1/msg2) where the CPU has them, checked at run time, and a
 * plain C one everywhere else; both give the same bytes (tests compare them with node:crypto and the vectors).
 *
 * Exports:
 *   shaExtensions: boolean                          true when chain() uses the SHA extensions on this CPU
 *   chain(input, iterations, out, portable)          out[0..32] = sha256^iterations(input): sha256 of the whole
 *       input once, then iterations - 1 more times over the 32-byte digest; `portable` true forces the plain C
 *       compression (tests and the benchmark use it to measure and check the path a CPU without SHA extensions takes)
 *
 * Only N-API is used, so one build serves Node and Electron alike.
 */
#include <node_api.h>
#include "napiArgs.h"
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#define SMESHER_SHANI 1
#include <immintrin.h>
#if defined(__GNUC__)
#include <cpuid.h>
#define SHANI_FN __attribute__((target("sha,ssse3,sse4.1")))
#else
#include <intrin.h>
#define SHANI_FN
#endif
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
    0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
    0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
    0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
    0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/* The message of one chain link after its 8 digest words: 0x80 padding, then the 256-bit length. */
#define PAD_WORD 0x80000000u
#define LENGTH_WORD 256u

static inline uint32_t load_be32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* The final one or two blocks of a message of `len` bytes whose last `rest` (< 64) bytes are at `tail`. */
static size_t pad_tail(const uint8_t *tail, size_t rest, uint64_t len, uint8_t out[128]) {
  size_t blocks = rest + 9 <= 64 ? 1 : 2;
  memset(out, 0, 128);
  memcpy(out, tail, rest);
  out[rest] = 0x80;
  uint64_t bits = len * 8;
  for (int i = 0; i < 8; i++) out[64 * blocks - 1 - i] = (uint8_t)(bits >> (8 * i));
  return blocks;
}

/* ---- The plain C compression ---- */

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_c(uint32_t s[8], const uint32_t m[16]) {
  uint32_t w[64];
  memcpy(w, m, 64);
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s[0] += a;
  s[1] += b;
  s[2] += c;
  s[3] += d;
  s[4] += e;
  s[5] += f;
  s[6] += g;
  s[7] += h;
}

static void compress_c_bytes(uint32_t s[8], const uint8_t *block) {
  uint32_t m[16];
  for (int i = 0; i < 16; i++) m[i] = load_be32(block + 4 * i);
  compress_c(s, m);
}

static void chain_c(const uint8_t *input, size_t len, uint32_t iterations, uint8_t out[32]) {
  uint32_t s[8];
  memcpy(s, IV, sizeof s);
  size_t full = len / 64;
  for (size_t i = 0; i < full; i++) compress_c_bytes(s, input + 64 * i);
  uint8_t tail[128];
  size_t blocks = pad_tail(input + 64 * full, len - 64 * full, len, tail);
  for (size_t i = 0; i < blocks; i++) compress_c_bytes(s, tail + 64 * i);

  uint32_t m[16] = {0};
  m[8] = PAD_WORD;
  m[15] = LENGTH_WORD;
  for (uint32_t n = 1; n < iterations; n++) {
    memcpy(m, s, 32);
    memcpy(s, IV, sizeof s);
    compress_c(s, m);
  }
  for (int i = 0; i < 8; i++) store_be32(out + 4 * i, s[i]);
}

/* ---- The SHA extensions ---- */

#ifdef SMESHER_SHANI

static int cpu_has_sha(void) {
  unsigned int a = 0, b = 0, c = 0, d = 0;
#if defined(__GNUC__)
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int sse = (c & (1u << 9)) != 0 && (c & (1u << 19)) != 0; /* SSSE3, SSE4.1 */
  if (__get_cpuid_max(0, NULL) < 7) return 0;
  __cpuid_count(7, 0, a, b, c, d);
#else
  int regs[4];
  __cpuid(regs, 1);
  int sse = (regs[2] & (1 << 9)) != 0 && (regs[2] & (1 << 19)) != 0;
  __cpuid(regs, 0);
  if (regs[0] < 7) return 0;
  __cpuidex(regs, 7, 0);
  b = (unsigned int)regs[1];
#endif
  return sse && (b & (1u << 29)) != 0; /* CPUID.(EAX=7,ECX=0):EBX.SHA[bit 29] */
}

/*
 * One compression with the message words in m[0..3] (lane i of m[j] = W[4j + i]). The state is in the layout
 * sha256rnds2 wants: abef = lanes (f, e, b, a), cdgh = lanes (h, g, d, c). Four rounds per step; the message
 * schedule for step g + 1 is finished (msg2) during step g, and started (msg1) three steps ahead.
 */
SHANI_FN static inline void compress_ni(__m128i *abef, __m128i *cdgh, __m128i m0, __m128i m1, __m128i m2, __m128i m3) {
  __m128i state0 = *abef, state1 = *cdgh;
  __m128i m[4] = {m0, m1, m2, m3};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 16
#endif
  for (int g = 0; g < 16; g++) {
    __m128i msg = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)(K + 4 * g)));
    state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
    if (g >= 3 && g <= 14) {
      __m128i next = _mm_add_epi32(m[(g + 1) & 3], _mm_alignr_epi8(m[g & 3], m[(g - 1) & 3], 4));
      m[(g + 1) & 3] = _mm_sha256msg2_epu32(next, m[g & 3]);
    }
    state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(msg, 0x0e));
    if (g >= 1 && g <= 12) m[(g - 1) & 3] = _mm_sha256msg1_epu32(m[(g - 1) & 3], m[g & 3]);
  }
  *abef = _mm_add_epi32(state0, *abef);
  *cdgh = _mm_add_epi32(state1, *cdgh);
}

SHANI_FN static inline void compress_ni_bytes(__m128i *abef, __m128i *cdgh, const uint8_t *block) {
  const __m128i be = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  compress_ni(abef, cdgh, _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)block), be),
              _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16)), be), _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 32)), be),
              _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 48)), be));
}

/* abef, cdgh -> (a, b, c, d), (e, f, g, h): the digest words in order, which are also the next link's W[0..7]. */
SHANI_FN static inline void state_words(__m128i abef, __m128i cdgh, __m128i *abcd, __m128i *efgh) {
  __m128i t0 = _mm_shuffle_epi32(abef, 0x1b); /* a b e f */
  __m128i t1 = _mm_shuffle_epi32(cdgh, 0x1b); /* c d g h */
  *abcd = _mm_unpacklo_epi64(t0, t1);
  *efgh = _mm_unpackhi_epi64(t0, t1);
}

SHANI_FN static void chain_ni(const uint8_t *input, size_t len, uint32_t iterations, uint8_t out[32]) {
  /* IV in the rnds2 layout: abef = lanes (f, e, b, a), cdgh = lanes (h, g, d, c) (_mm_set_epi32 lists lane 3 first). */
  const __m128i iv_abef = _mm_set_epi32((int)IV[0], (int)IV[1], (int)IV[4], (int)IV[5]);
  const __m128i iv_cdgh = _mm_set_epi32((int)IV[2], (int)IV[3], (int)IV[6], (int)IV[7]);
  __m128i abef = iv_abef, cdgh = iv_cdgh;
  size_t full = len / 64;
  for (size_t i = 0; i < full; i++) compress_ni_bytes(&abef, &cdgh, input + 64 * i);
  uint8_t tail[128];
  size_t blocks = pad_tail(input + 64 * full, len - 64 * full, len, tail);
  for (size_t i = 0; i < blocks; i++) compress_ni_bytes(&abef, &cdgh, tail + 64 * i);

  const __m128i pad = _mm_set_epi32(0, 0, 0, (int)PAD_WORD);
  const __m128i length = _mm_set_epi32((int)LENGTH_WORD, 0, 0, 0);
  __m128i abcd, efgh;
  for (uint32_t n = 1; n < iterations; n++) {
    state_words(abef, cdgh, &abcd, &efgh);
    abef = iv_abef;
    cdgh = iv_cdgh;
    compress_ni(&abef, &cdgh, abcd, efgh, pad, length);
  }
  state_words(abef, cdgh, &abcd, &efgh);
  const __m128i be = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  _mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(abcd, be));
  _mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(efgh, be));
}

#endif /* SMESHER_SHANI */

static int has_sha = 0;

/* ---- N-API glue: argument checks throw RangeError, so a bad call never touches memory. ---- */

static napi_value js_chain(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *input, *out;
  size_t input_len, out_len;
  uint32_t iterations;
  bool portable = false;
  if (argc < 3 || !get_bytes(env, argv[0], &input, &input_len) || !get_u32(env, argv[1], &iterations) || iterations == 0 ||
      !get_bytes(env, argv[2], &out, &out_len) || out_len < 32 || (argc >= 4 && napi_get_value_bool(env, argv[3], &portable) != napi_ok)) {
    return throw_range(env, "chain: bad arguments");
  }
  static const uint8_t empty[1] = {0};
  if (input == NULL) input = (uint8_t *)empty;
  uint8_t digest[32];
#ifdef SMESHER_SHANI
  if (has_sha && !portable) chain_ni(input, input_len, iterations, digest);
  else chain_c(input, input_len, iterations, digest);
#else
  chain_c(input, input_len, iterations, digest);
#endif
  /* Through a copy: `out` may overlap `input`. */
  memcpy(out, digest, 32);
  return NULL;
}

NAPI_MODULE_INIT() {
#ifdef SMESHER_SHANI
  has_sha = cpu_has_sha();
#endif
  napi_value fn, sha;
  napi_get_boolean(env, has_sha != 0, &sha);
  napi_set_named_property(env, exports, "shaExtensions", sha);
  napi_create_function(env, "chain", NAPI_AUTO_LENGTH, js_chain, NULL, &fn);
  napi_set_named_property(env, exports, "chain", fn);
  return exports;
}
