// A QR code as text for a terminal: two modules per character row with the Unicode half blocks,
// dark on light (as phones read them), with the quiet zone the standard asks for.
//
// Contract: qr_code_text(text) encodes `text` (byte mode, error correction M) and returns the
// lines (each ending in '\n'), or "" when it does not fit a QR code (over ~2,300 bytes).
#pragma once
#include <string>
#include <string_view>

namespace octobot::term {

std::string qr_code_text(std::string_view text);

}  // namespace octobot::term
