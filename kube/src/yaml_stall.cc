// The event walk of yaml_stall.h.
#include "yaml_stall.h"

#include <sstream>
#include <string>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace kube::internal {
namespace {

// Records where each document starts; ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark last_start = YAML::Mark::null_mark();
};

}  // namespace

std::optional<YAML::Mark> FindStalledDocument(std::string_view text) {
  try {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    DocumentStarts starts;
    std::optional<YAML::Mark> previous;
    // Every real document consumes at least one byte, so more documents than bytes is a stall
    // too, whatever the marks say.
    for (size_t documents = 0; parser.HandleNextDocument(starts); ++documents) {
      if ((previous && previous->pos == starts.last_start.pos) || documents > text.size()) {
        return starts.last_start;
      }
      previous = starts.last_start;
    }
  } catch (const std::exception&) {
    // Loading reports the parser's own errors, with its messages.
  }
  return std::nullopt;
}

}  // namespace kube::internal
