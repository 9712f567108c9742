// InstrumentedClient: a kube::Client that forwards every call to another and measures what the
// reference does through it, for `stashsim bench`. It counts successful writes and the watch
// events its streams deliver, and times reconciles. The reference offers no hook around a
// reconcile, so reconciles are recognised in the request stream: each one starts with a GET of
// the template (annotated targets) or, for a target without annotations, a GET of its
// BackupConfiguration that does not follow a Repository request. A reconcile lasts from its first
// request to the first request of the next one, or to EndReconcile() (called when a controller
// Step returns); a List or Watch ends it too. So a latency covers the reconcile's requests and
// computation plus the controller's small work between two reconciles (queue pop, cache lookup).
// Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "kube/forwarding_client.h"

namespace runner {

class InstrumentedClient : public kube::ForwardingClient {
 public:
  InstrumentedClient(kube::Client& inner, kube::GroupVersionKind template_kind);

  kube::StatusOr<kube::Object> Get(const kube::GroupVersionKind& gvk, std::string_view ns,
                                   std::string_view name) override;
  kube::StatusOr<kube::ObjectList> List(const kube::GroupVersionKind& gvk,
                                        const kube::ListOptions& options) override;
  kube::StatusOr<kube::Object> Create(const kube::Object& object,
                                      const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> Update(const kube::Object& object,
                                      const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> UpdateStatus(const kube::Object& object,
                                            const kube::WriteOptions& options) override;
  kube::StatusOr<kube::Object> Patch(const kube::GroupVersionKind& gvk, std::string_view ns,
                                     std::string_view name, kube::PatchType type,
                                     std::string_view body,
                                     const kube::PatchOptions& options) override;
  kube::Status Delete(const kube::GroupVersionKind& gvk, std::string_view ns, std::string_view name,
                      const kube::DeleteOptions& options) override;
  kube::StatusOr<std::unique_ptr<kube::WatchStream>> Watch(
      const kube::GroupVersionKind& gvk, const kube::WatchOptions& options) override;
  using kube::ForwardingClient::Create;
  using kube::ForwardingClient::Delete;
  using kube::ForwardingClient::Update;

  // Ends the reconcile in progress, if any.
  void EndReconcile();
  // Latencies of the reconciles ended since the last TakeLatencies, in nanoseconds.
  std::vector<int64_t> TakeLatencies();
  size_t ReconcilesSeen() const { return reconciles_; }
  uint64_t Writes() const { return writes_; }
  uint64_t WatchEvents() const { return *watch_events_; }
  // Called at the start of every recognised reconcile with the count so far.
  void SetOnReconcile(std::function<void(size_t)> callback) { on_reconcile_ = std::move(callback); }

 private:
  enum class Last { kNone, kRepository, kOther };
  void Request(const kube::GroupVersionKind& gvk, bool is_get);
  void CountWrite(bool ok) { writes_ += ok ? 1 : 0; }

  kube::GroupVersionKind template_kind_;
  kube::GroupVersionKind repository_kind_;
  kube::GroupVersionKind configuration_kind_;
  bool open_ = false;
  Last last_ = Last::kNone;
  std::chrono::steady_clock::time_point started_;
  std::vector<int64_t> latencies_;
  size_t reconciles_ = 0;
  uint64_t writes_ = 0;
  std::shared_ptr<uint64_t> watch_events_ = std::make_shared<uint64_t>(0);
  std::function<void(size_t)> on_reconcile_;
};

}  // namespace runner
