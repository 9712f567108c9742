// EventRecorder: writes core/v1 Events about a target, as the blueprint era's "Auto Backup
// Handler" did (spec section 7). Names are "<target>.<hex virtual nanoseconds>" like
// client-go's recorder, made unique with a counter, so runs are deterministic.
#pragma once

#include <cstdint>
#include <string>

#include "kube/client.h"
#include "kube/clock.h"

namespace reference {

class EventRecorder {
 public:
  EventRecorder(kube::Client& client, const kube::Clock& clock, std::string component,
                std::string field_manager)
      : client_(client),
        clock_(clock),
        component_(std::move(component)),
        field_manager_(std::move(field_manager)) {}

  // type is "Normal" or "Warning". Failures to write an event are returned but never retried.
  kube::Status Record(const kube::Object& involved, std::string_view type, std::string_view reason,
                      std::string_view message);

 private:
  kube::Client& client_;
  const kube::Clock& clock_;
  std::string component_;
  std::string field_manager_;
  uint64_t sequence_ = 0;
};

}  // namespace reference
