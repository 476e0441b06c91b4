// config_node_from_yaml(): yaml-cpp parser events straight into a bounded ConfigNode tree.
//
// yaml-cpp's own YAML::Node is not used: YAML::LoadAll never ends on some
// malformed input (a document starting with ',' yields endless empty
// documents), and its aliases share nodes, which a tree walk would expand
// without bound. Events give the line of every node, too.
#include "proxy/config/config_node.hpp"
#include "proxy/config/config_values.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <set>
#include <sstream>

namespace octobot::proxy {
namespace {

int line_of(const YAML::Mark& mark) { return mark.line + 1; }  // 0 for the null mark

// Builds one document's tree. After the first error it ignores every further
// event; error() then holds the message.
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string_view source) : source_(source) {}

  const std::optional<ConfigError>& error() const { return error_; }
  ConfigNode take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (error_ || !count(1, line_of(mark))) return;
    ConfigNode node;
    node.line = line_of(mark);
    add(std::move(node), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (error_) return;
    auto found = anchors_.find(anchor);
    if (found == anchors_.end()) return fail(line_of(mark), child_path(), "an alias refers to a node that contains it");
    if (!count(found->second.size, line_of(mark))) return;
    add(ConfigNode(found->second.node), YAML::NullAnchor, found->second.size);
  }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    if (error_ || !count(1, line_of(mark))) return;
    if (!is_valid_utf8(value)) return fail(line_of(mark), child_path(), "not valid UTF-8");
    ConfigNode node;
    node.kind = ConfigNode::Kind::string;
    node.line = line_of(mark);
    node.text = value;
    add(std::move(node), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(ConfigNode::Kind::list, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(ConfigNode::Kind::map, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  // A list or mapping being built.
  struct Frame {
    ConfigNode node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::size_t size = 1;  // values in this subtree so far
    std::string path;
    std::optional<std::string> pending_key;  // mapping: the key waiting for its value
    int pending_key_line = 0;
    std::set<std::string, std::less<>> keys;  // mapping: keys seen, to refuse duplicates
  };

  struct Anchored {
    ConfigNode node;
    std::size_t size;
  };

  void fail(int line, std::string_view path, std::string_view message) {
    if (!error_) error_ = format_config_error(source_, line, path, message);
  }

  // False (and failed) once the document holds more than kMaxConfigNodes values.
  bool count(std::size_t values, int line) {
    total_ += values;
    if (total_ <= kMaxConfigNodes) return true;
    fail(line, child_path(), too_many_values_message());
    return false;
  }

  // The key path of the next value added.
  std::string child_path() const {
    if (frames_.empty()) return "";
    const Frame& parent = frames_.back();
    if (parent.node.kind == ConfigNode::Kind::list) return join_index(parent.path, parent.node.items.size());
    return parent.pending_key ? join_key(parent.path, *parent.pending_key) : parent.path;
  }

  void open(ConfigNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (error_ || !count(1, line_of(mark))) return;
    if (frames_.size() >= static_cast<std::size_t>(kMaxConfigDepth)) {
      return fail(line_of(mark), child_path(), too_deep_message());
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
    add(std::move(frame.node), frame.anchor, frame.size);
  }

  void add(ConfigNode node, YAML::anchor_t anchor, std::size_t size) {
    if (anchor != YAML::NullAnchor) anchors_.insert_or_assign(anchor, Anchored{node, size});
    if (frames_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = frames_.back();
    parent.size += size;
    if (parent.node.kind == ConfigNode::Kind::list) {
      parent.node.items.push_back(std::move(node));
    } else if (!parent.pending_key) {
      add_key(parent, std::move(node));
    } else {
      // A null value has no text of its own; yaml-cpp marks it where parsing went on.
      if (node.kind == ConfigNode::Kind::null) node.line = parent.pending_key_line;
      parent.node.entries.push_back({std::move(*parent.pending_key), parent.pending_key_line, std::move(node)});
      parent.pending_key.reset();
    }
  }

  void add_key(Frame& parent, ConfigNode key) {
    const int line = key.line > 0 ? key.line : parent.node.line;
    if (key.kind != ConfigNode::Kind::string) {
      return fail(line, parent.path, "a key must be a plain name, not a list, mapping or null");
    }
    if (!parent.keys.insert(key.text).second) return fail(line, join_key(parent.path, key.text), "duplicate key");
    parent.pending_key = std::move(key.text);
    parent.pending_key_line = line;
  }

  std::string_view source_;
  std::optional<ConfigError> error_;
  ConfigNode root_;
  std::vector<Frame> frames_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t total_ = 0;
};

// Notes where a further document starts, and nothing else.
class DocumentProbe : public YAML::EventHandler {
 public:
  int line() const { return line_; }
  void OnDocumentStart(const YAML::Mark& mark) override { line_ = line_of(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  int line_ = 0;
};

}  // namespace

Expected<ConfigNode, ConfigError> config_node_from_yaml(std::string_view text, std::string_view source) {
  if (text.size() > kMaxConfigBytes) {
    return format_config_error(source, 0, "", "larger than " + std::to_string(kMaxConfigBytes >> 20) + " MiB");
  }
  std::istringstream input{std::string(text)};
  TreeBuilder builder(source);
  try {
    YAML::Parser parser(input);
    if (!parser.HandleNextDocument(builder)) {
      return format_config_error(source, 1, "", "the file is empty; expected a mapping of settings");
    }
    if (builder.error()) return *builder.error();
    DocumentProbe probe;
    if (parser.HandleNextDocument(probe)) {
      return format_config_error(source, probe.line(), "",
                                 "unexpected content after the first YAML document (only one is allowed)");
    }
  } catch (const YAML::Exception& e) {
    if (builder.error()) return *builder.error();  // it came first
    return format_config_error(source, e.mark.line + 1, "", "YAML syntax error: " + e.msg);
  }
  return builder.take_root();
}

}  // namespace octobot::proxy
