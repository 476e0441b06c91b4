#include "lib/term/qr_code.hpp"

#include <qrencode.h>

#include <memory>

namespace octobot::term {

namespace {
constexpr int kQuietZone = 2;
}  // namespace

std::string qr_code_text(std::string_view text) {
  const std::string data(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) return {};
  const int width = code->width;
  // Module (x, y) is dark when its lowest bit is set; outside the code is the light quiet zone.
  auto dark = [&](int x, int y) {
    if (x < 0 || y < 0 || x >= width || y >= width) return false;
    return (code->data[y * width + x] & 1) != 0;
  };
  std::string out;
  for (int y = -kQuietZone; y < width + kQuietZone; y += 2) {
    for (int x = -kQuietZone; x < width + kQuietZone; ++x) {
      const bool top = dark(x, y);
      const bool bottom = dark(x, y + 1);
      // Light is drawn (the block), dark is left blank: dark terminal backgrounds read as dark modules.
      if (!top && !bottom) out += "█";
      else if (!top) out += "▀";
      else if (!bottom) out += "▄";
      else out += " ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace octobot::term
