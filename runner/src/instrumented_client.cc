// InstrumentedClient: forwarding, counting and reconcile recognition.
#include "instrumented_client.h"

#include "reference/profile.h"

namespace runner {
namespace {

// Counts the events a stream delivers.
class CountingWatchStream : public kube::WatchStream {
 public:
  CountingWatchStream(std::unique_ptr<kube::WatchStream> inner, std::shared_ptr<uint64_t> count)
      : inner_(std::move(inner)), count_(std::move(count)) {}
  std::optional<kube::WatchEvent> Poll() override {
    auto event = inner_->Poll();
    if (event) ++*count_;
    return event;
  }
  bool Closed() const override { return inner_->Closed(); }
  void Stop() override { inner_->Stop(); }
  void SetEventCallback(std::function<void()> callback) override {
    inner_->SetEventCallback(std::move(callback));
  }

 private:
  std::unique_ptr<kube::WatchStream> inner_;
  std::shared_ptr<uint64_t> count_;
};

}  // namespace

InstrumentedClient::InstrumentedClient(kube::Client& inner, kube::GroupVersionKind template_kind)
    : kube::ForwardingClient(inner),
      template_kind_(std::move(template_kind)),
      repository_kind_(reference::RepositoryKind()),
      configuration_kind_(reference::BackupConfigurationKind()) {}

void InstrumentedClient::Request(const kube::GroupVersionKind& gvk, bool is_get) {
  const bool repository = gvk.kind == repository_kind_.kind && gvk == repository_kind_;
  bool starts = !open_;
  if (is_get && gvk.kind == template_kind_.kind && gvk == template_kind_) starts = true;
  if (is_get && last_ != Last::kRepository && gvk.kind == configuration_kind_.kind &&
      gvk == configuration_kind_) {
    starts = true;
  }
  if (starts) {
    auto now = std::chrono::steady_clock::now();
    if (open_) latencies_.push_back((now - started_).count());
    started_ = now;
    open_ = true;
    ++reconciles_;
    if (on_reconcile_) on_reconcile_(reconciles_);
  }
  last_ = repository ? Last::kRepository : Last::kOther;
}

void InstrumentedClient::EndReconcile() {
  if (open_) {
    latencies_.push_back((std::chrono::steady_clock::now() - started_).count());
  }
  open_ = false;
  last_ = Last::kNone;
}

std::vector<int64_t> InstrumentedClient::TakeLatencies() {
  std::vector<int64_t> taken;
  taken.swap(latencies_);
  return taken;
}

kube::StatusOr<kube::Object> InstrumentedClient::Get(const kube::GroupVersionKind& gvk,
                                                     std::string_view ns, std::string_view name) {
  Request(gvk, true);
  return inner().Get(gvk, ns, name);
}

kube::StatusOr<kube::ObjectList> InstrumentedClient::List(const kube::GroupVersionKind& gvk,
                                                          const kube::ListOptions& options) {
  EndReconcile();
  return inner().List(gvk, options);
}

kube::StatusOr<kube::Object> InstrumentedClient::Create(const kube::Object& object,
                                                        const kube::WriteOptions& options) {
  Request(object.Gvk(), false);
  auto result = inner().Create(object, options);
  CountWrite(result.ok());
  return result;
}

kube::StatusOr<kube::Object> InstrumentedClient::Update(const kube::Object& object,
                                                        const kube::WriteOptions& options) {
  Request(object.Gvk(), false);
  auto result = inner().Update(object, options);
  CountWrite(result.ok());
  return result;
}

kube::StatusOr<kube::Object> InstrumentedClient::UpdateStatus(const kube::Object& object,
                                                              const kube::WriteOptions& options) {
  Request(object.Gvk(), false);
  auto result = inner().UpdateStatus(object, options);
  CountWrite(result.ok());
  return result;
}

kube::StatusOr<kube::Object> InstrumentedClient::Patch(const kube::GroupVersionKind& gvk,
                                                       std::string_view ns, std::string_view name,
                                                       kube::PatchType type, std::string_view body,
                                                       const kube::PatchOptions& options) {
  Request(gvk, false);
  auto result = inner().Patch(gvk, ns, name, type, body, options);
  CountWrite(result.ok());
  return result;
}

kube::Status InstrumentedClient::Delete(const kube::GroupVersionKind& gvk, std::string_view ns,
                                        std::string_view name, const kube::DeleteOptions& options) {
  Request(gvk, false);
  kube::Status status = inner().Delete(gvk, ns, name, options);
  CountWrite(status.ok());
  return status;
}

kube::StatusOr<std::unique_ptr<kube::WatchStream>> InstrumentedClient::Watch(
    const kube::GroupVersionKind& gvk, const kube::WatchOptions& options) {
  EndReconcile();
  auto stream = inner().Watch(gvk, options);
  if (!stream.ok()) return stream;
  return std::unique_ptr<kube::WatchStream>(
      std::make_unique<CountingWatchStream>(std::move(stream).value(), watch_events_));
}

}  // namespace runner
