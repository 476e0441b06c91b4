// Protocol detection on the proxy port (DESIGN.md §7): one port serves HTTP
// (plain requests and CONNECT) and SOCKS5; the first bytes tell them apart.
//
// Contract:
// - detect_protocol() is a pure function of the bytes a client has sent so
//   far. It returns need_more only while the answer is still open; every other
//   answer is final: appending bytes never changes it.
// - 0x05 first → socks5. 0x16 first → tls (a TLS ClientHello sent straight to
//   the proxy, which the caller refuses). An uppercase method token (A-Z, 1 to
//   16 characters) followed by a space → http. A non-token byte before the
//   space or a token longer than 16 characters → unknown.
//   Everything else, SOCKS4 (0x04) included, → unknown.
// - Only the first 17 bytes are ever examined.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace octobot::proxy {

enum class ProtocolGuess { need_more, http, socks5, tls, unknown };

ProtocolGuess detect_protocol(std::span<const std::uint8_t> bytes);
std::string_view to_string(ProtocolGuess guess);

}  // namespace octobot::proxy
