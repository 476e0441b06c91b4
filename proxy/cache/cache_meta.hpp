// The small JSON file stored next to each cached object ("<hex>.meta"):
//   {"content_type":"application/vnd.oci.image.manifest.v1+json","size":1234}
//
// Contract: encode_meta always produces text that decode_meta accepts.
// decode_meta returns nullopt for anything else (bad JSON, missing or mistyped
// fields, a content type that is not a safe header value); it never throws.
// safe_content_type maps a value unfit for a response header (empty, control
// characters, over 255 bytes) to "application/octet-stream".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::proxy {

struct EntryMeta {
  std::string content_type;
  std::uint64_t size = 0;
};

std::string encode_meta(const EntryMeta& meta);
std::optional<EntryMeta> decode_meta(std::string_view text);

std::string safe_content_type(std::string content_type);

}  // namespace octobot::proxy
