/*
 * Ed25519 verification through the system's libsodium (docs/protocol/primitives.md §2.1 item 11), loaded at run time with
 * dlopen so that building needs no libsodium headers and a machine without the library still loads this addon
 * (it then reports itself unavailable and the node keeps OpenSSL). libsodium's verify is about twice as fast as
 * OpenSSL 3's (48 against 107 µs on the 2-core CI machine; docs/performance.md §2.3) and needs no key import
 * (OpenSSL wants a KeyObject per public key, about a tenth of a verify each).
 *
 * Only the accept answer is trusted, as for OpenSSL: libsodium accepts exactly when S < L, R and A are not of small
 * order, A is canonical and decodes, and ENC([S]B - [k]A) equals the R bytes (cofactorless), with k over the raw
 * bytes. core/crypto/ed25519.ts explains why such an accept is go-spacemesh's accept too, and decides every reject
 * with its exact check.
 *
 * Exports:
 *   available: boolean                          true when libsodium was found and initialised
 *   library: string                             the file that was loaded ("" when none)
 *   verify(publicKey, message, signature)        true when libsodium accepts; RangeError on wrong lengths or types
 *
 * Only N-API is used, so one build serves Node and Electron alike.
 */
#include <node_api.h>
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

static verify_detached_fn verify_detached = NULL;
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
    /* sodium_init returns 0 on first success, 1 when already initialised, -1 on failure. */
    if (init != NULL && verify != NULL && init() >= 0) {
      verify_detached = verify;
      loaded_library = LIBRARIES[i];
      return;
    }
    dlclose(handle);
  }
#endif
}

static napi_value throw_range(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

static int get_bytes(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  napi_typedarray_type type;
  size_t count;
  void *base;
  napi_value buffer;
  size_t offset;
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, &count, &base, &buffer, &offset) != napi_ok || type != napi_uint8_array) return 0;
  *data = (uint8_t *)base;
  *length = count;
  return 1;
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

NAPI_MODULE_INIT() {
  load_sodium();
  napi_value fn, available, library;
  napi_get_boolean(env, verify_detached != NULL, &available);
  napi_set_named_property(env, exports, "available", available);
  napi_create_string_utf8(env, loaded_library, NAPI_AUTO_LENGTH, &library);
  napi_set_named_property(env, exports, "library", library);
  napi_create_function(env, "verify", NAPI_AUTO_LENGTH, js_verify, NULL, &fn);
  napi_set_named_property(env, exports, "verify", fn);
  return exports;
}
