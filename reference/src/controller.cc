// Controller: informers, work queue, template index, resync and backoff around the Reconciler.
#include "reference/controller.h"

#include <map>
#include <set>
#include <vector>

#include "informer.h"
#include "reference/target.h"
#include "work_queue.h"

namespace reference {

class Controller::Impl {
 public:
  Impl(kube::Client& client, const kube::Clock& clock, ReconcilerOptions options,
       kube::KindRegistry kinds)
      : client_(client),
        clock_(clock),
        kinds_(std::move(kinds)),
        reconciler_(client, clock, kinds_, std::move(options)) {}

  kube::Status Start() {
    informers_.clear();
    target_informers_.clear();
    queue_.Clear();
    template_of_.clear();
    dependents_.clear();
    failures_.clear();
    last_errors_.clear();
    const InformerDeviations informer_deviations{options().deviations.watch_from_now_after_expired,
                                                 options().deviations.no_rewatch_after_cut};
    // A kind the server does not serve (404) is skipped; any other failed list (a server
    // error) is tried again by the informer at the next Step, as client-go's reflector does.
    for (const auto& gvk : TargetKinds()) {
      auto informer = std::make_unique<Informer>(
          client_, gvk,
          [this, kind = gvk.kind](InformerChange change, const kube::Object& obj) {
            OnTargetChange(kind, change, obj);
          },
          informer_deviations);
      kube::Status status = informer->Start();
      if (status.reason() == kube::StatusReason::kNotFound) continue;  // kind not served
      if (!status.ok() && options().deviations.skip_kind_after_failed_list) continue;
      target_informers_[gvk.kind] = informer.get();
      informers_.push_back(std::move(informer));
    }
    auto templates = std::make_unique<Informer>(
        client_, TemplateKind(options().profile),
        [this](InformerChange, const kube::Object& tmpl) { OnTemplateChange(tmpl.Name()); },
        informer_deviations);
    kube::Status status = templates->Start();
    if (status.reason() != kube::StatusReason::kNotFound) {
      informers_.push_back(std::move(templates));
    }
    next_resync_ = clock_.Now() + options().resync_period_ms;
    return kube::Status::Ok();
  }

  bool Step() {
    bool did = false;
    for (auto& informer : informers_) {
      did |= informer->Sync();
    }
    kube::TimeMillis now = clock_.Now();
    did |= queue_.PromoteDue(now);
    if (options().resync_period_ms > 0 && now >= next_resync_) {
      ResyncNow();
      while (next_resync_ <= now) next_resync_ += options().resync_period_ms;
      did = true;
    }
    while (auto key = queue_.Pop()) {
      did = true;
      ReconcileKey(*key);
    }
    return did;
  }

  bool HasReadyWork() const { return !queue_.Empty(); }

  std::optional<kube::TimeMillis> NextWakeup() const {
    std::optional<kube::TimeMillis> next = queue_.NextDue();
    if (options().resync_period_ms > 0 && (!next || next_resync_ < *next)) next = next_resync_;
    return next;
  }

  void ResyncNow() {
    for (const auto& [kind, informer] : target_informers_) {
      for (const auto& object_key : informer->Keys()) queue_.Add(TargetKey{kind, object_key});
    }
  }

  const ControllerStats& Stats() const { return stats_; }

  kube::Status LastError(const std::string& kind, const std::string& object_key) const {
    auto it = last_errors_.find(TargetKey{kind, object_key});
    return it == last_errors_.end() ? kube::Status::Ok() : it->second;
  }

 private:
  const ReconcilerOptions& options() const { return reconciler_.options(); }

  void OnTargetChange(const std::string& kind, InformerChange change, const kube::Object& obj) {
    TargetKey key{kind, obj.Key()};
    // Keep the template index current: which targets name which template.
    if (options().deviations.template_index_not_repointed && change == InformerChange::kUpsert &&
        template_of_.count(key) != 0) {
      queue_.Add(key);
      return;
    }
    if (auto it = template_of_.find(key); it != template_of_.end()) {
      dependents_[it->second].erase(key);
      template_of_.erase(it);
    }
    if (change == InformerChange::kUpsert) {
      if (auto name = obj.Annotation(KeysFor(options().profile).template_name)) {
        template_of_[key] = *name;
        dependents_[*name].insert(key);
      }
    }
    queue_.Add(key);
  }

  void OnTemplateChange(const std::string& name) {
    if (!options().watch_templates) return;
    auto it = dependents_.find(name);
    if (it == dependents_.end()) return;
    for (const auto& key : it->second) queue_.Add(key);
  }

  void ReconcileKey(const TargetKey& key) {
    auto informer = target_informers_.find(key.kind);
    std::optional<kube::Object> target;
    if (informer != target_informers_.end()) target = informer->second->Find(key.object_key);
    if (!target) {  // deleted: nothing to do, garbage collection takes the BackupConfiguration
      failures_.erase(key);
      last_errors_.erase(key);
      return;
    }
    ++stats_.reconciles;
    ReconcileOutcome outcome = reconciler_.Reconcile(*target);
    stats_.writes += static_cast<uint64_t>(outcome.writes);
    if (outcome.status.ok()) {
      failures_.erase(key);
      last_errors_.erase(key);
      return;
    }
    last_errors_[key] = outcome.status;
    ++stats_.failures;
    if (!outcome.retry) return;
    int& failures = failures_[key];
    kube::TimeMillis delay = options().backoff_base_ms;
    for (int i = 0; i < failures && delay < options().backoff_max_ms; ++i) delay *= 2;
    delay = std::min(delay, options().backoff_max_ms);
    ++failures;
    queue_.AddAt(key, clock_.Now() + delay);
  }

  kube::Client& client_;
  const kube::Clock& clock_;
  kube::KindRegistry kinds_;
  Reconciler reconciler_;
  std::vector<std::unique_ptr<Informer>> informers_;
  std::map<std::string, Informer*> target_informers_;
  WorkQueue queue_;
  std::map<TargetKey, std::string> template_of_;           // target -> template
  std::map<std::string, std::set<TargetKey>> dependents_;  // template -> targets
  std::map<TargetKey, int> failures_;
  std::map<TargetKey, kube::Status> last_errors_;
  kube::TimeMillis next_resync_ = 0;
  ControllerStats stats_;
};

Controller::Controller(kube::Client& client, const kube::Clock& clock, ReconcilerOptions options,
                       kube::KindRegistry kinds)
    : impl_(std::make_unique<Impl>(client, clock, std::move(options), std::move(kinds))) {}
Controller::~Controller() = default;
kube::Status Controller::Start() { return impl_->Start(); }
kube::Status Controller::Restart() { return impl_->Start(); }
bool Controller::Step() { return impl_->Step(); }
bool Controller::HasReadyWork() const { return impl_->HasReadyWork(); }
std::optional<kube::TimeMillis> Controller::NextWakeup() const { return impl_->NextWakeup(); }
void Controller::ResyncNow() { impl_->ResyncNow(); }
const ControllerStats& Controller::Stats() const { return impl_->Stats(); }
kube::Status Controller::LastError(const std::string& kind, const std::string& object_key) const {
  return impl_->LastError(kind, object_key);
}

}  // namespace reference
