{
  "targets": [
    {
      "target_name": "aes_scan",
      "sources": ["aesScan.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] },
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "poet_chain",
      "sources": ["poetChain.c"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] },
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "sodium",
      "sources": ["sodium.c"],
      "cflags": ["-O2", "-std=c11", "-Wall", "-Wextra"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O2"] },
      "defines": ["NAPI_VERSION=8"],
      "conditions": [["OS=='linux'", { "libraries": ["-ldl"] }]]
    }
  ]
}
