// EventRecorder implementation.
#include "event_recorder.h"

#include <fmt/format.h>

namespace reference {

kube::Status EventRecorder::Record(const kube::Object& involved, std::string_view type,
                                   std::string_view reason, std::string_view message) {
  std::string now = kube::FormatRfc3339(clock_.Now());
  uint64_t nanos = static_cast<uint64_t>(clock_.Now()) * 1000000 + sequence_++;
  kube::Json event = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata",
       {{"name", fmt::format("{}.{:x}", involved.Name(), nanos)},
        {"namespace", involved.Namespace().empty() ? "default" : involved.Namespace()}}},
      {"involvedObject",
       {{"apiVersion", involved.ApiVersion()},
        {"kind", involved.Kind()},
        {"name", involved.Name()},
        {"namespace", involved.Namespace()},
        {"uid", involved.Uid()},
        {"resourceVersion", involved.ResourceVersion()}}},
      {"reason", reason},
      {"message", message},
      {"type", type},
      {"source", {{"component", component_}}},
      {"firstTimestamp", now},
      {"lastTimestamp", now},
      {"count", 1}};
  kube::WriteOptions options;
  options.field_manager = field_manager_;
  return client_.Create(kube::Object(std::move(event)), options).status();
}

}  // namespace reference
