#include "bulwark/extract/nesting.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <vector>

namespace bulwark::extract {

std::optional<std::size_t> json_too_deep(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::uint64_t yaml_node_allowance(std::size_t size) {
  return 10'000 + 2 * static_cast<std::uint64_t>(size);
}

namespace {

// Counts the nodes of a YAML event stream with aliases expanded (saturating), each anchor's
// expanded size remembered once.
class ExpansionCounter final : public YAML::EventHandler {
 public:
  ExpansionCounter(std::uint64_t allowance, int max_depth)
      : allowance_(allowance), max_depth_(max_depth) {}

  std::optional<std::string> problem;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override { leaf(m, anchor); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(m, anchor);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    auto it = sizes_.find(anchor);
    add(m, it == sizes_.end() ? 1 : it->second);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(m, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(m, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    std::uint64_t nodes;
  };

  void leaf(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (anchor) sizes_[anchor] = 1;
    add(m, 1);
  }
  static std::uint64_t sat_add(std::uint64_t a, std::uint64_t b, std::uint64_t cap) {
    return b > cap || a > cap - b ? cap + 1 : a + b;
  }
  void count(const YAML::Mark& m, std::uint64_t n) {
    expanded_ = sat_add(expanded_, n, allowance_);
    if (expanded_ > allowance_ && !problem)
      problem = "line " + std::to_string(m.line + 1) +
                ": aliases expand the document to more than " + std::to_string(allowance_) +
                " nodes (refusing a billion-laughs document)";
  }
  void add(const YAML::Mark& m, std::uint64_t n) {
    if (!stack_.empty()) stack_.back().nodes = sat_add(stack_.back().nodes, n, allowance_);
    count(m, n);
  }
  void open(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= max_depth_ && !problem)
      problem = "line " + std::to_string(m.line + 1) + ": nested deeper than " +
                std::to_string(max_depth_) + " levels";
    stack_.push_back(Frame{anchor, 1});
    count(m, 1);
  }
  void close() {
    if (stack_.empty()) return;
    Frame f = stack_.back();
    stack_.pop_back();
    if (f.anchor) sizes_[f.anchor] = f.nodes;
    if (!stack_.empty()) stack_.back().nodes = sat_add(stack_.back().nodes, f.nodes, allowance_);
  }

  std::uint64_t allowance_;
  int max_depth_;
  std::uint64_t expanded_ = 0;  // nodes of the whole stream, aliases expanded
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, std::uint64_t> sizes_;
};

}  // namespace

std::optional<std::string> yaml_too_large(std::string_view text, int max_depth) {
  std::istringstream in{std::string(text)};
  ExpansionCounter counter(yaml_node_allowance(text.size()), max_depth);
  try {
    YAML::Parser parser(in);
    while (!counter.problem && parser.HandleNextDocument(counter)) {
    }
  } catch (const YAML::DeepRecursion& e) {
    if (counter.problem) return counter.problem;
    return "line " + std::to_string(e.mark.line + 1) + ": nested too deep: " + e.msg;
  } catch (const YAML::Exception&) {
    // A syntax error: left to the loader, which reports it in its own words.
  }
  return counter.problem;
}

}  // namespace bulwark::extract
