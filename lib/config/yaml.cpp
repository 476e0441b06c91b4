// parse_yaml(): yaml-cpp parser events straight into a bounded YamlNode tree
// (see yaml.hpp). Events, unlike YAML::Node, give the line of every node and
// let aliases be counted instead of shared.
#include "lib/config/yaml.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>

namespace octobot::config {
namespace {

// 1-based; 0 for yaml-cpp's null mark (-1).
int line_of(const YAML::Mark& mark) { return mark.line + 1; }
int column_of(const YAML::Mark& mark) { return mark.column + 1; }

// Well-formed UTF-8: no overlong forms, surrogates or code points above U+10FFFF.
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    constexpr std::uint32_t min_code[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < min_code[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

std::string size_text(std::size_t bytes) {
  constexpr std::size_t mib = 1 << 20;
  return bytes % mib == 0 ? std::to_string(bytes / mib) + " MiB" : std::to_string(bytes) + " bytes";
}

// Builds the first document's tree. After the first error it ignores every
// further event; error() then holds it.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(const YamlLimits& limits) : limits_(limits) {}

  const std::optional<YamlError>& error() const { return error_; }
  YamlNode take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (error_ || !count(1, mark)) return;
    YamlNode node;
    node.line = line_of(mark);
    add(std::move(node), anchor, 1, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (error_) return;
    auto found = anchors_.find(anchor);
    if (found == anchors_.end()) return fail(mark, child_path(), "an alias refers to a node that contains it");
    if (!count(found->second.size, mark)) return;
    add(YamlNode(found->second.node), YAML::NullAnchor, found->second.size, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (error_ || !count(1, mark)) return;
    if (!is_valid_utf8(value)) return fail(mark, child_path(), "not valid UTF-8");
    YamlNode node;
    node.kind = YamlNode::Kind::scalar;
    node.line = line_of(mark);
    node.text = value;
    node.plain = tag == "?";  // yaml-cpp's non-specific tag of a plain scalar ("!" when quoted)
    add(std::move(node), anchor, 1, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(YamlNode::Kind::list, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(YamlNode::Kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  // A list or mapping being built.
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t size = 1;  // values in this subtree so far
    std::string path;
    std::optional<std::string> pending_key;  // mapping: the key waiting for its value
    int pending_key_line = 0;
    std::set<std::string, std::less<>> keys;  // mapping: keys seen, to refuse duplicates
  };

  struct Anchored {
    YamlNode node;
    std::size_t size;
  };

  void fail(int line, int column, std::string path, std::string message) {
    if (!error_) error_ = YamlError{line, column, std::move(path), std::move(message)};
  }
  void fail(const YAML::Mark& mark, std::string path, std::string message) {
    fail(line_of(mark), column_of(mark), std::move(path), std::move(message));
  }

  // False (and failed) once the document holds more than max_nodes values.
  bool count(std::size_t values, const YAML::Mark& mark) {
    total_ += values;
    if (total_ <= limits_.max_nodes) return true;
    fail(mark, child_path(),
         "more than " + std::to_string(limits_.max_nodes) + " values (YAML aliases count at each use)");
    return false;
  }

  // The key path of the next value added.
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    if (parent.node.kind == YamlNode::Kind::list) return join_index(parent.path, parent.node.items.size());
    return parent.pending_key ? join_key(parent.path, *parent.pending_key) : parent.path;
  }

  void open(YamlNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (error_ || !count(1, mark)) return;
    if (frames_.size() >= static_cast<std::size_t>(limits_.max_depth)) {
      return fail(mark, child_path(), "nested more than " + std::to_string(limits_.max_depth) + " levels deep");
    }
    Frame frame;
    frame.node.kind = kind;
    frame.node.line = line_of(mark);
    frame.anchor = anchor;
    frame.path = child_path();
    frames_.push_back(std::move(frame));
  }

  void close() {
    if (error_ || frames_.empty()) return;
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    add(std::move(frame.node), frame.anchor, frame.size, YAML::Mark::null_mark());
  }

  // `mark` is where the node's event was (the null mark for a closed list or mapping).
  void add(YamlNode node, YAML::anchor_t anchor, std::size_t size, const YAML::Mark& mark) {
    if (anchor != YAML::NullAnchor) anchors_.insert_or_assign(anchor, Anchored{node, size});
    if (frames_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = frames_.back();
    parent.size += size;
    if (parent.node.kind == YamlNode::Kind::list) {
      parent.node.items.push_back(std::move(node));
    } else if (!parent.pending_key) {
      add_key(parent, std::move(node), mark);
    } else {
      // A null value has no text of its own; yaml-cpp marks it where parsing went on.
      if (node.kind == YamlNode::Kind::null) node.line = parent.pending_key_line;
      parent.node.entries.push_back({std::move(*parent.pending_key), parent.pending_key_line, std::move(node)});
      parent.pending_key.reset();
    }
  }

  void add_key(Frame& parent, YamlNode key, const YAML::Mark& mark) {
    const int line = key.line > 0 ? key.line : parent.node.line;
    const int column = key.line > 0 ? column_of(mark) : 0;
    if (key.kind != YamlNode::Kind::scalar) {
      return fail(line, column, parent.path, "a key must be a plain name, not a list, mapping or null");
    }
    if (!parent.keys.insert(key.text).second) {
      return fail(line, column, join_key(parent.path, key.text), "duplicate key");
    }
    parent.pending_key = std::move(key.text);
    parent.pending_key_line = line;
  }

  const YamlLimits& limits_;
  std::optional<YamlError> error_;
  YamlNode root_;
  std::vector<Frame> frames_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t total_ = 0;
};

// Notes where a further document starts, and nothing else.
class DocumentProbe : public YAML::EventHandler {
 public:
  const YAML::Mark& mark() const { return mark_; }
  void OnDocumentStart(const YAML::Mark& mark) override { mark_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  YAML::Mark mark_ = YAML::Mark::null_mark();
};

// Parses the first document into `builder` and refuses a second; a
// YAML::Exception escapes (parse_yaml() turns it into an error).
Expected<std::optional<YamlNode>, YamlError> parse_document(std::istream& input, TreeBuilder& builder) {
  YAML::Parser parser(input);
  if (!parser.HandleNextDocument(builder)) return std::optional<YamlNode>();
  if (builder.error()) return *builder.error();
  DocumentProbe probe;
  if (parser.HandleNextDocument(probe)) {
    return YamlError{line_of(probe.mark()), column_of(probe.mark()), "",
                     "unexpected content after the first YAML document (only one is allowed)"};
  }
  return std::optional<YamlNode>(builder.take_root());
}

}  // namespace

std::string join_key(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

std::string join_index(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

Expected<std::optional<YamlNode>, YamlError> parse_yaml(std::string_view text, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) return YamlError{0, 0, "", "larger than " + size_text(limits.max_bytes)};
  std::istringstream input{std::string(text)};
  TreeBuilder builder(limits);
  try {
    return parse_document(input, builder);
  } catch (const YAML::Exception& e) {
    if (builder.error()) return *builder.error();  // it came first
    return YamlError{line_of(e.mark), column_of(e.mark), "", "YAML syntax error: " + e.msg};
  }
}

}  // namespace octobot::config
