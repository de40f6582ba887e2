/*
 * Edwards25519 work through the system's libsodium, loaded at run time with dlopen so that building needs no
 * libsodium headers and a machine without the library still loads this addon (it then reports itself unavailable
 * and the node keeps OpenSSL and @noble/curves):
 *  - Ed25519 verification (docs/protocol/primitives.md §2.1 item 11): about twice OpenSSL 3's speed (48 against
 *    107 µs on the 2-core CI machine; docs/performance.md §2.3) and no key import. Only the accept answer is
 *    trusted: libsodium accepts exactly when S < L, R and A are not of small order, A is canonical and decodes, and
 *    ENC([S]B - [k]A) equals the R bytes (cofactorless), with k over the raw bytes. core/crypto/ed25519.ts explains
 *    why such an accept is go-spacemesh's accept too, and decides every reject with its exact check.
 *  - The four scalar multiplications of an ECVRF verification (docs/protocol/primitives.md §3.1): U = s*B - c*Y,
 *    V = s*H - c*Gamma and 8*Gamma, each an exact group operation. libsodium refuses points outside the prime-order
 *    subgroup, non-canonical encodings and zero scalars or results; any refusal returns false and
 *    core/crypto/ecvrf.ts then runs its @noble/curves check, so no input gets a different verdict.
 *
 * Exports:
 *   available: boolean                          true when libsodium was found, initialised and has every function
 *   library: string                             the file that was loaded ("" when none)
 *   verify(publicKey, message, signature)        true when libsodium accepts; RangeError on wrong lengths or types
 *   ecvrfPoints(Y, Gamma, H, c, s, out)          true with out = U || V || 8*Gamma (96 bytes) when every step
 *       succeeded, false when libsodium refused one; Y, Gamma, H: 32-byte encodings, c: 16 bytes LE, s: 32 bytes
 *       LE; RangeError on wrong lengths or types
 *
 * Only N-API is used, so one build serves Node and Electron alike.
 */
#include <node_api.h>
#include "napiArgs.h"
#include <stdint.h>
#include <string.h>

#if defined(_WIN32)
#define SODIUM_DLOPEN 0
#else
#define SODIUM_DLOPEN 1
#include <dlfcn.h>
#endif

/* libsodium's ABI (stable since 1.0.0): int sodium_init(void) and crypto_sign_ed25519_verify_detached. */
typedef int (*sodium_init_fn)(void);
typedef int (*verify_detached_fn)(const unsigned char *sig, const unsigned char *m, unsigned long long mlen, const unsigned char *pk);
/* crypto_scalarmult_ed25519_noclamp(q, n, p), crypto_scalarmult_ed25519_base_noclamp(q, n) and
 * crypto_core_ed25519_add/sub(r, p, q) (libsodium 1.0.17 and later): 0 on success, -1 on a refused input. */
typedef int (*scalarmult_fn)(unsigned char *q, const unsigned char *n, const unsigned char *p);
typedef int (*scalarmult_base_fn)(unsigned char *q, const unsigned char *n);
typedef int (*point_op_fn)(unsigned char *r, const unsigned char *p, const unsigned char *q);

static verify_detached_fn verify_detached = NULL;
static scalarmult_fn scalarmult = NULL;
static scalarmult_base_fn scalarmult_base = NULL;
static point_op_fn point_add = NULL;
static point_op_fn point_sub = NULL;
static const char *loaded_library = "";

/* Sonames tried in order: Debian/Ubuntu and Fedora (libsodium 1.0.x: .so.23 and .so.26), then the unversioned
 * development link and macOS's Homebrew/MacPorts names. */
static const char *const LIBRARIES[] = {"libsodium.so.23", "libsodium.so.26", "libsodium.so", "libsodium.dylib",
                                        "/opt/homebrew/lib/libsodium.dylib", "/usr/local/lib/libsodium.dylib"};

static void load_sodium(void) {
#if SODIUM_DLOPEN
  for (size_t i = 0; i < sizeof LIBRARIES / sizeof LIBRARIES[0]; i++) {
    void *handle = dlopen(LIBRARIES[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) continue;
    sodium_init_fn init = (sodium_init_fn)dlsym(handle, "sodium_init");
    verify_detached_fn verify = (verify_detached_fn)dlsym(handle, "crypto_sign_ed25519_verify_detached");
    scalarmult_fn mult = (scalarmult_fn)dlsym(handle, "crypto_scalarmult_ed25519_noclamp");
    scalarmult_base_fn mult_base = (scalarmult_base_fn)dlsym(handle, "crypto_scalarmult_ed25519_base_noclamp");
    point_op_fn add = (point_op_fn)dlsym(handle, "crypto_core_ed25519_add");
    point_op_fn sub = (point_op_fn)dlsym(handle, "crypto_core_ed25519_sub");
    /* sodium_init returns 0 on first success, 1 when already initialised, -1 on failure. */
    if (init != NULL && verify != NULL && mult != NULL && mult_base != NULL && add != NULL && sub != NULL && init() >= 0) {
      verify_detached = verify;
      scalarmult = mult;
      scalarmult_base = mult_base;
      point_add = add;
      point_sub = sub;
      loaded_library = LIBRARIES[i];
      return;
    }
    dlclose(handle);
  }
#endif
}

static napi_value js_verify(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *pk, *msg, *sig;
  size_t pk_len, msg_len, sig_len;
  if (argc < 3 || !get_bytes(env, argv[0], &pk, &pk_len) || pk_len != 32 || !get_bytes(env, argv[1], &msg, &msg_len) ||
      !get_bytes(env, argv[2], &sig, &sig_len) || sig_len != 64) {
    return throw_range(env, "verify: want a 32-byte key, a Uint8Array message and a 64-byte signature");
  }
  if (verify_detached == NULL) return throw_range(env, "verify: libsodium is not available");
  /* An empty Uint8Array may have no backing store; libsodium hashes zero bytes from any pointer. */
  static const uint8_t empty[1] = {0};
  int ok = verify_detached(sig, msg_len == 0 ? empty : msg, (unsigned long long)msg_len, pk) == 0;
  napi_value result;
  napi_get_boolean(env, ok, &result);
  return result;
}

/* U = s*B - c*Y, V = s*H - c*Gamma, G8 = 8*Gamma into out[0..96]; 0 when libsodium refused a step. */
static int ecvrf_points(const uint8_t y[32], const uint8_t gamma[32], const uint8_t h[32], const uint8_t c16[16], const uint8_t s[32],
                        uint8_t out[96]) {
  uint8_t c[32] = {0};
  memcpy(c, c16, 16);
  uint8_t sb[32], cy[32], sh[32], cg[32], g2[32], g4[32];
  if (scalarmult_base(sb, s) != 0 || scalarmult(cy, c, y) != 0 || point_sub(out, sb, cy) != 0) return 0;
  if (scalarmult(sh, s, h) != 0 || scalarmult(cg, c, gamma) != 0 || point_sub(out + 32, sh, cg) != 0) return 0;
  if (point_add(g2, gamma, gamma) != 0 || point_add(g4, g2, g2) != 0 || point_add(out + 64, g4, g4) != 0) return 0;
  return 1;
}

static napi_value js_ecvrf_points(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  uint8_t *y, *gamma, *h, *c, *s, *out;
  size_t y_len, gamma_len, h_len, c_len, s_len, out_len;
  if (argc < 6 || !get_bytes(env, argv[0], &y, &y_len) || y_len != 32 || !get_bytes(env, argv[1], &gamma, &gamma_len) || gamma_len != 32 ||
      !get_bytes(env, argv[2], &h, &h_len) || h_len != 32 || !get_bytes(env, argv[3], &c, &c_len) || c_len != 16 ||
      !get_bytes(env, argv[4], &s, &s_len) || s_len != 32 || !get_bytes(env, argv[5], &out, &out_len) || out_len < 96) {
    return throw_range(env, "ecvrfPoints: want Y, Gamma and H of 32 bytes, c of 16, s of 32 and out of 96");
  }
  if (scalarmult == NULL) return throw_range(env, "ecvrfPoints: libsodium is not available");
  napi_value result;
  napi_get_boolean(env, ecvrf_points(y, gamma, h, c, s, out), &result);
  return result;
}

NAPI_MODULE_INIT() {
  load_sodium();
  napi_value fn, available, library;
  napi_get_boolean(env, verify_detached != NULL, &available);
  napi_set_named_property(env, exports, "available", available);
  napi_create_string_utf8(env, loaded_library, NAPI_AUTO_LENGTH, &library);
  napi_set_named_property(env, exports, "library", library);
  napi_create_function(env, "verify", NAPI_AUTO_LENGTH, js_verify, NULL, &fn);
  napi_set_named_property(env, exports, "verify", fn);
  napi_create_function(env, "ecvrfPoints", NAPI_AUTO_LENGTH, js_ecvrf_points, NULL, &fn);
  napi_set_named_property(env, exports, "ecvrfPoints", fn);
  return exports;
}
