// The text rendering of lib/term/qr_code: read back module by module, it is exactly the matrix
// libqrencode made (dark modules as blanks, light ones as blocks), with a two-module quiet zone.
#include "lib/term/qr_code.hpp"

#include <catch2/catch.hpp>
#include <qrencode.h>

#include <sstream>
#include <vector>

namespace {

// Each character row as its characters (the half blocks are 3 bytes in UTF-8).
std::vector<std::vector<std::string>> cells(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> row;
    for (std::size_t i = 0; i < line.size();) {
      const std::size_t size = static_cast<unsigned char>(line[i]) < 0x80 ? 1 : 3;
      row.push_back(line.substr(i, size));
      i += size;
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("a QR code reads back as the encoder's matrix", "[term]") {
  const std::string url = "http://192.0.2.2:8080/?token=jBRNIBKaKPGKUUw-TzQ2jFrN3okWAj54dWlksKobz9Q";
  QRcode* code = QRcode_encodeData(static_cast<int>(url.size()), reinterpret_cast<const unsigned char*>(url.data()), 0, QR_ECLEVEL_M);
  REQUIRE(code != nullptr);
  const int width = code->width;
  const auto rows = cells(octobot::term::qr_code_text(url));
  const int side = width + 4;
  REQUIRE(rows.size() == static_cast<std::size_t>((side + 1) / 2));
  auto dark = [&](int x, int y) {
    const int cx = x - 2, cy = y - 2;
    return cx >= 0 && cy >= 0 && cx < width && cy < width && (code->data[cy * width + cx] & 1);
  };
  for (int row = 0; row < static_cast<int>(rows.size()); ++row) {
    REQUIRE(rows[row].size() == static_cast<std::size_t>(side));
    for (int x = 0; x < side; ++x) {
      const std::string& cell = rows[row][x];
      const bool top_light = cell == "█" || cell == "▀";
      const bool bottom_light = cell == "█" || cell == "▄";
      INFO("row " << row << " column " << x);
      CHECK(top_light == !dark(x, 2 * row));
      CHECK(bottom_light == !dark(x, 2 * row + 1));
    }
  }
  QRcode_free(code);
}

TEST_CASE("text too long for a QR code gives nothing", "[term]") {
  CHECK(octobot::term::qr_code_text(std::string(4000, 'x')).empty());
}
