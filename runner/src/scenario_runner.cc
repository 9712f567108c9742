// Scenario execution: given objects, steps to quiescence, expectations, invariants.
#include "runner/scenario_runner.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "kube/regex.h"
#include "kube/yaml.h"
#include "reference/profile.h"
#include "runner/matcher.h"
#include "runner/uid_reference.h"

namespace runner {
namespace {

constexpr int kMaxQuiesceRounds = 10000;

std::string StepLabel(size_t index, const Step& step) {
  return step.name.empty() ? fmt::format("step {}", index + 1)
                           : fmt::format("step {} ({})", index + 1, step.name);
}

// Whether a write is of `verb` (empty: any); `delete` also covers the removal a delete made
// directly, and `propagation` (empty: any) narrows deletes to those of that policy.
bool WriteMatches(const fakecluster::WriteRecord& w, const std::string& verb,
                  const std::string& propagation) {
  if (!verb.empty() && w.verb != verb && !(verb == "delete" && w.verb == "remove")) return false;
  return propagation.empty() || w.propagation == propagation;
}

// Writes in the log by `actor` from position `from` on that match kind, verb and propagation.
// A delete that marks an object and the removal that follows from the same request count once.
int CountWrites(const std::vector<fakecluster::WriteRecord>& log, size_t from,
                const std::string& actor, const std::string& kind, const std::string& verb,
                const std::string& propagation = "") {
  int count = 0;
  for (size_t i = from; i < log.size(); ++i) {
    const auto& w = log[i];
    if (w.actor != actor) continue;
    if (!kind.empty() && w.kind != kind) continue;
    if (!WriteMatches(w, verb, propagation)) continue;
    ++count;
  }
  return count;
}

// "delete BackupConfiguration demo/x answered 500 (aimed-error)" for the report.
std::string DescribeFault(const fakecluster::FaultRecord& fault) {
  std::string object = fault.namespace_name.empty() ? fault.name
                       : fault.name.empty()         ? fault.namespace_name + "/*"
                                                    : fault.namespace_name + "/" + fault.name;
  std::string answer = fault.code ? fmt::format("answered {}", fault.code) : "served";
  return fmt::format("{}: {} {} {} {}", fault.fault, fault.verb, fault.kind, object, answer);
}

class ScenarioExecution {
 public:
  ScenarioExecution(const Scenario& scenario, std::string profile, Backend& backend,
                    const RunOptions& options, ScenarioResult& result)
      : scenario_(scenario),
        profile_(std::move(profile)),
        backend_(backend),
        options_(options),
        result_(result) {}

  // Runs given + steps. Returns false when the run had to stop (an action failed).
  bool Run() {
    for (const auto& source : scenario_.given) {
      if (!ApplyObject(source, "given", /*create_only=*/false)) return false;
    }
    if (!Check("start", backend_.Start())) return false;
    if (options_.after_step && !options_.after_step("start", backend_)) return false;
    for (size_t i = 0; i < scenario_.steps.size(); ++i) {
      const Step& step = scenario_.steps[i];
      std::string label = StepLabel(i, step);
      size_t log_start = LogSize();
      if (!Perform(step, label)) return false;
      if (options_.after_step && !options_.after_step(label, backend_)) return false;
      if (!options_.check_expectations) continue;
      if (!CheckStep(step.expect, label, log_start)) return false;
    }
    if (options_.check_expectations) CheckHistory();
    return true;
  }

  // Idempotence invariant: one more resync writes nothing but Events. Without a write log (a
  // real cluster) it is checked on what can be seen: no generated object changes.
  void CheckIdempotence() {
    const std::string step = "invariant: idempotence";
    if (!backend_.CanResync()) {
      NotCheckable(step + " (a resync cannot be delivered here)");
      return;
    }
    auto before = backend_.WriteLog();
    std::vector<std::string> outputs_before;
    if (!before) outputs_before = GeneratedObjectVersions();
    if (!Check(step, backend_.Resync())) return;
    if (!before) {
      std::vector<std::string> outputs_after = GeneratedObjectVersions();
      for (const auto& version : outputs_after) {
        if (std::find(outputs_before.begin(), outputs_before.end(), version) ==
            outputs_before.end()) {
          Fail(step, "a resync after convergence wrote " + version, "", "", scenario_.file);
          return;
        }
      }
      for (const auto& version : outputs_before) {
        if (std::find(outputs_after.begin(), outputs_after.end(), version) == outputs_after.end()) {
          Fail(step, "a resync after convergence changed or deleted " + version, "", "",
               scenario_.file);
          return;
        }
      }
      return;
    }
    auto after = backend_.WriteLog();
    std::string actor = backend_.ImplementationActor();
    for (size_t i = before->size(); i < after->size(); ++i) {
      const auto& w = (*after)[i];
      if (w.actor != actor || w.kind == "Event") continue;
      Fail(step,
           fmt::format("a resync after convergence wrote: {} {} {}/{}", w.verb, w.kind,
                       w.namespace_name, w.name),
           "", "", scenario_.file);
      return;
    }
  }

  std::optional<std::string> Fingerprint() const { return backend_.Fingerprint(); }

 private:
  size_t LogSize() const {
    auto log = backend_.WriteLog();
    return log ? log->size() : 0;
  }

  void NotCheckable(const std::string& what) {
    if (std::find(result_.not_checkable.begin(), result_.not_checkable.end(), what) ==
        result_.not_checkable.end()) {
      result_.not_checkable.push_back(what);
    }
  }

  // "Kind namespace/name resourceVersion" of every Repository and BackupConfiguration in the
  // scenario's namespaces, to tell from outside whether the implementation changed one.
  std::vector<std::string> GeneratedObjectVersions() {
    std::vector<std::string> versions;
    for (const char* kind : {"Repository", "BackupConfiguration"}) {
      auto gvk = Resolve("", kind);
      if (!gvk) continue;
      for (const std::string& ns : ScenarioNamespaces(scenario_)) {
        kube::ListOptions options;
        options.namespace_name = ns;
        auto list = backend_.ScenarioClient().List(*gvk, options);
        if (!list.ok()) continue;
        for (const auto& item : list->items) {
          versions.push_back(fmt::format("{} {}/{} (resourceVersion {})", kind, ns, item.Name(),
                                         item.ResourceVersion()));
        }
      }
    }
    return versions;
  }

  void Fail(std::string step, std::string message, std::string path, std::string diff,
            std::string location) {
    result_.failures.push_back({std::move(step), std::move(message), std::move(path),
                                std::move(diff), std::move(location)});
  }

  bool Check(const std::string& step, const kube::Status& status) {
    if (status.ok()) return true;
    Fail(step, status.message(), "", "", scenario_.file);
    return false;
  }

  std::optional<kube::GroupVersionKind> Resolve(const std::string& api_version,
                                                const std::string& kind) {
    if (!api_version.empty()) return kube::GroupVersionKind::FromApiVersion(api_version, kind);
    const kube::KindRegistry kinds = backend_.Kinds();
    for (const kube::ResourceInfo* info : kinds.All()) {
      if (info->gvk.kind == kind) return info->gvk;
    }
    return std::nullopt;
  }

  std::optional<kube::GroupVersionKind> ResolveRef(const ObjectRef& ref, const std::string& step) {
    auto gvk = Resolve(ref.api_version, ref.kind);
    if (!gvk) {
      Fail(step, fmt::format("unknown kind \"{}\"", ref.kind), "", "", ref.location.ToString());
    }
    return gvk;
  }

  void EnsureNamespace(const std::string& ns) {
    if (ns.empty()) return;
    kube::GroupVersionKind gvk{"", "v1", "Namespace"};
    if (backend_.ScenarioClient().Get(gvk, "", ns).ok()) return;
    kube::Object object(
        kube::Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
    (void)backend_.ScenarioClient().Create(object);
  }

  // The uid of the object a reference names, read now.
  kube::StatusOr<std::string> LookUpUid(const UidReference& reference) {
    auto gvk = Resolve("", reference.kind);
    if (!gvk) return kube::NotFoundError("kinds", reference.kind);
    KUBE_ASSIGN_OR_RETURN(kube::Object object, backend_.ScenarioClient().Get(
                                                   *gvk, reference.namespace_name, reference.name));
    return object.Uid();
  }

  // `value` with its uid references resolved; a failure is reported against `step`.
  std::optional<kube::Json> WithUids(kube::Json value, const std::string& step,
                                     const SourceLocation& location) {
    if (!HasUidReferences(value)) return value;
    kube::Status status = ResolveUidReferences(
        value, [this](const UidReference& reference) { return LookUpUid(reference); });
    if (status.ok()) return value;
    Fail(step, status.message(), "", "", location.ToString());
    return std::nullopt;
  }

  bool ApplyObject(const ObjectSource& source, const std::string& step, bool create_only) {
    std::optional<kube::Json> resolved = WithUids(source.object, step, source.location);
    if (!resolved) return false;
    kube::Object object(std::move(*resolved));
    kube::Client& client = backend_.ScenarioClient();
    if (object.Kind() != "Namespace") EnsureNamespace(object.Namespace());
    auto existing = client.Get(object.Gvk(), object.Namespace(), object.Name());
    kube::Status status;
    if (!existing.ok() || create_only || object.Name().empty()) {
      status = client.Create(object).status();
    } else {
      object.SetResourceVersion(existing->ResourceVersion());
      status = client.Update(object).status();
    }
    if (status.ok()) return true;
    Fail(step,
         fmt::format("{} {} failed: {}", create_only ? "create" : "apply", object.Key(),
                     status.message()),
         "", "", source.location.ToString());
    return false;
  }

  bool Perform(const Step& step, const std::string& label) {
    kube::Client& client = backend_.ScenarioClient();
    switch (step.action) {
      case Step::Action::kNone:
        return Check(label, backend_.Quiesce());
      case Step::Action::kApply:
      case Step::Action::kCreate:
        for (const auto& source : step.objects) {
          if (!ApplyObject(source, label, step.action == Step::Action::kCreate)) return false;
        }
        return Check(label, backend_.Quiesce());
      case Step::Action::kPatch: {
        auto gvk = ResolveRef(step.target, label);
        if (!gvk) return false;
        static const std::map<PatchKind, kube::PatchType> kTypes = {
            {PatchKind::kMerge, kube::PatchType::kMerge},
            {PatchKind::kJson, kube::PatchType::kJson},
            {PatchKind::kStrategic, kube::PatchType::kStrategicMerge},
            {PatchKind::kApply, kube::PatchType::kApply}};
        kube::PatchOptions options;
        options.field_manager = "scenario";
        options.force = true;
        std::optional<kube::Json> resolved = WithUids(step.patch, label, step.location);
        if (!resolved) return false;
        kube::Json body = std::move(*resolved);
        if (step.patch_kind == PatchKind::kApply) {
          if (!body.contains("apiVersion")) body["apiVersion"] = gvk->ApiVersion();
          if (!body.contains("kind")) body["kind"] = gvk->kind;
        }
        auto patched = client.Patch(*gvk, step.target.namespace_name, step.target.name,
                                    kTypes.at(step.patch_kind), body.dump(), options);
        if (!patched.ok()) {
          Fail(label, "patch failed: " + patched.status().message(), "", "",
               step.location.ToString());
          return false;
        }
        return Check(label, backend_.Quiesce());
      }
      case Step::Action::kDelete: {
        auto gvk = ResolveRef(step.target, label);
        if (!gvk) return false;
        kube::DeleteOptions options;
        options.propagation = kube::PropagationPolicyFromName(step.propagation)
                                  .value_or(kube::PropagationPolicy::kDefault);
        kube::Status status =
            client.Delete(*gvk, step.target.namespace_name, step.target.name, options);
        if (!status.ok()) {
          Fail(label, "delete failed: " + status.message(), "", "", step.location.ToString());
          return false;
        }
        return Check(label, backend_.Quiesce());
      }
      case Step::Action::kAnnotate: {
        auto gvk = ResolveRef(step.target, label);
        if (!gvk) return false;
        kube::Json annotations = kube::Json::object();
        for (const auto& [key, value] : step.set_annotations) annotations[key] = value;
        for (const auto& key : step.remove_annotations) annotations[key] = nullptr;
        kube::Json patch = {{"metadata", {{"annotations", annotations}}}};
        auto patched = client.Patch(*gvk, step.target.namespace_name, step.target.name,
                                    kube::PatchType::kMerge, patch.dump(), {});
        if (!patched.ok()) {
          Fail(label, "annotate failed: " + patched.status().message(), "", "",
               step.location.ToString());
          return false;
        }
        return Check(label, backend_.Quiesce());
      }
      case Step::Action::kResync:
        return Check(label, backend_.Resync());
      case Step::Action::kRestart:
        return Check(label, backend_.Restart());
      case Step::Action::kAdvanceClock:
        return Check(label, backend_.AdvanceClock(step.advance_ms));
    }
    return true;
  }

  void CheckObjects(const Expectations& expect, const std::string& label) {
    for (const auto& expectation : expect.objects) {
      auto gvk = ResolveRef(expectation.ref, label);
      if (!gvk) continue;
      auto actual =
          backend_.ScenarioClient().Get(*gvk, expectation.ref.namespace_name, expectation.ref.name);
      std::string what = fmt::format("{} {}/{}", expectation.ref.kind,
                                     expectation.ref.namespace_name, expectation.ref.name);
      if (!actual.ok()) {
        Fail(label, fmt::format("expected {} to exist: {}", what, actual.status().message()), "",
             "", expectation.ref.location.ToString());
        continue;
      }
      ObjectExpectation resolved = expectation;
      if (!ResolveExpectationUids(resolved, label)) continue;
      if (auto mismatch = MatchObject(resolved, actual->json())) {
        Fail(label, fmt::format("{}: {} at {}", what, mismatch->message, mismatch->path),
             mismatch->path, mismatch->diff, expectation.ref.location.ToString());
      }
    }
    for (const auto& ref : expect.absent) {
      auto gvk = ResolveRef(ref, label);
      if (!gvk) continue;
      auto actual = backend_.ScenarioClient().Get(*gvk, ref.namespace_name, ref.name);
      if (actual.ok()) {
        Fail(label,
             fmt::format("expected {} {}/{} to be absent, but it exists", ref.kind,
                         ref.namespace_name, ref.name),
             "", kube::ToYaml(WithoutVolatileMetadata(actual->json())), ref.location.ToString());
      }
    }
    for (const auto& closed : expect.exactly) {
      auto gvk = Resolve(closed.api_version, closed.kind);
      if (!gvk) {
        Fail(label, fmt::format("unknown kind \"{}\"", closed.kind), "", "",
             closed.location.ToString());
        continue;
      }
      kube::ListOptions options;
      options.namespace_name = closed.namespace_name;
      auto list = backend_.ScenarioClient().List(*gvk, options);
      std::vector<std::string> names;
      if (list.ok()) {
        for (const auto& item : list->items) names.push_back(item.Name());
      }
      std::vector<std::string> expected = closed.names;
      std::sort(expected.begin(), expected.end());
      std::sort(names.begin(), names.end());
      if (names != expected) {
        Fail(label,
             fmt::format("expected exactly [{}] {} in {}, found [{}]", fmt::join(expected, ", "),
                         closed.kind, closed.namespace_name, fmt::join(names, ", ")),
             "", "", closed.location.ToString());
      }
    }
  }

  // Resolves the uid references of an object expectation's value and field matchers.
  bool ResolveExpectationUids(ObjectExpectation& expectation, const std::string& label) {
    if (expectation.value) {
      auto value = WithUids(*expectation.value, label, expectation.ref.location);
      if (!value) return false;
      expectation.value = std::move(*value);
    }
    return ResolveFieldUids(expectation.fields, label, expectation.ref.location);
  }

  bool ResolveFieldUids(std::map<std::string, FieldMatcher>& fields, const std::string& label,
                        const SourceLocation& location) {
    for (auto& [pointer, matcher] : fields) {
      if (matcher.kind != FieldMatcher::Kind::kEquals) continue;
      auto value = WithUids(matcher.value, label, location);
      if (!value) return false;
      matcher.value = std::move(*value);
    }
    return true;
  }

  // Whether one Event matches every stated field of the expectation (the message regex aside).
  static bool EventMatches(const kube::Json& j, const EventExpectation& event,
                           const std::string& uid,
                           const std::map<std::string, FieldMatcher>& fields) {
    if (!event.involved.namespace_name.empty() &&
        kube::StringAt(j, {"involvedObject", "namespace"}) != event.involved.namespace_name) {
      return false;
    }
    if (!event.involved.api_version.empty() &&
        kube::StringAt(j, {"involvedObject", "apiVersion"}) != event.involved.api_version) {
      return false;
    }
    if (!uid.empty() && kube::StringAt(j, {"involvedObject", "uid"}) != uid) return false;
    if (!event.reason.empty() && j.value("reason", "") != event.reason) return false;
    if (!event.type.empty() && j.value("type", "") != event.type) return false;
    if (event.source_component &&
        kube::StringAt(j, {"source", "component"}) != *event.source_component) {
      return false;
    }
    if (event.source_host && kube::StringAt(j, {"source", "host"}) != *event.source_host) {
      return false;
    }
    return !MatchFields(fields, j);
  }

  void CheckEvents(const Expectations& expect, const std::string& label) {
    for (const auto& event : expect.events) {
      std::string uid = event.involved_uid;
      std::map<std::string, FieldMatcher> fields = event.fields;
      {
        std::optional<kube::Json> resolved = WithUids(uid, label, event.location);
        if (!resolved) continue;
        uid = resolved->get<std::string>();
        if (!ResolveFieldUids(fields, label, event.location)) continue;
      }
      kube::ListOptions options;
      options.namespace_name = event.involved.namespace_name;
      auto list = backend_.ScenarioClient().List({"", "v1", "Event"}, options);
      int matching = 0;
      std::string seen;
      std::optional<kube::Regex> pattern;
      if (!event.message_regex.empty()) {
        auto compiled = kube::Regex::Compile(event.message_regex);
        if (!compiled.ok()) {
          Fail(label, compiled.status().message(), "", "", event.location.ToString());
          continue;
        }
        pattern = std::move(compiled).value();
      }
      if (list.ok()) {
        for (const auto& item : list->items) {
          const kube::Json& j = item.json();
          std::string kind = kube::StringAt(j, {"involvedObject", "kind"});
          std::string name = kube::StringAt(j, {"involvedObject", "name"});
          if (kind != event.involved.kind || name != event.involved.name) continue;
          std::string reason = j.value("reason", "");
          std::string type = j.value("type", "");
          std::string message = j.value("message", "");
          seen += fmt::format("\n  {} {}: {} (count {}, source.component \"{}\")", type, reason,
                              message, j.contains("count") ? j["count"].dump() : "none",
                              kube::StringAt(j, {"source", "component"}));
          if (!EventMatches(j, event, uid, fields)) continue;
          if (pattern && !pattern->Search(message)) continue;
          ++matching;
        }
      }
      bool ok = event.count ? matching == *event.count : matching > 0;
      if (!ok) {
        std::string also;
        if (event.source_component) {
          also += fmt::format(", source.component \"{}\"", *event.source_component);
        }
        if (event.source_host) also += fmt::format(", source.host \"{}\"", *event.source_host);
        if (!uid.empty()) also += ", involvedObject.uid " + uid;
        for (const auto& [pointer, matcher] : fields) also += ", " + pointer;
        Fail(label,
             fmt::format("expected {} event(s) {} \"{}\" /{}/{} on {} {}, found {}",
                         event.count ? std::to_string(*event.count) : "at least one", event.type,
                         event.reason, event.message_regex, also, event.involved.kind,
                         event.involved.name, matching),
             "", seen.empty() ? "(no events for this object)" : "events seen:" + seen,
             event.location.ToString());
      }
    }
  }

  void CheckErrors(const Expectations& expect, const std::string& label) {
    for (const auto& error : expect.errors) {
      auto status = backend_.LastError(error.target.kind,
                                       error.target.namespace_name.empty()
                                           ? error.target.name
                                           : error.target.namespace_name + "/" + error.target.name);
      if (!status) {
        // Not observable for this implementation: reported as such, never as passed.
        NotCheckable(
            fmt::format("{}: the error of {} {}", label, error.target.kind, error.target.name));
        continue;
      }
      if (error.message_regex.empty()) {
        if (!status->ok()) {
          Fail(label, "expected no error, got: " + status->message(), "", "",
               error.location.ToString());
        }
        continue;
      }
      auto regex = kube::Regex::Compile(error.message_regex);
      bool matched = regex.ok() && !status->ok() && regex->Search(status->message());
      if (!matched) {
        Fail(label,
             fmt::format("expected an error matching /{}/, got: {}", error.message_regex,
                         status->ok() ? "no error" : status->message()),
             "", "", error.location.ToString());
      }
    }
  }

  void CheckBudgets(const std::vector<WriteBudget>& budgets, const std::string& label,
                    size_t log_start) {
    if (budgets.empty()) return;
    auto log = backend_.WriteLog();
    if (!log) {
      NotCheckable(label + ": write budgets (the cluster's writes are not observable)");
      return;
    }
    for (const auto& budget : budgets) {
      int count = CountWrites(*log, log_start, backend_.ImplementationActor(), budget.kind,
                              budget.verb, budget.propagation);
      std::string what =
          fmt::format("{}{} write(s) of {}", budget.verb.empty() ? "any" : budget.verb,
                      budget.propagation.empty() ? "" : " (" + budget.propagation + " propagation)",
                      budget.kind.empty() ? "any kind" : budget.kind);
      if (budget.max && count > *budget.max) {
        Fail(label,
             fmt::format("write budget exceeded: {} {}, at most {} allowed", count, what,
                         *budget.max),
             "", "", budget.location.ToString());
      }
      if (budget.min && count < *budget.min) {
        Fail(label,
             fmt::format("too few writes: {} {}, at least {} expected", count, what, *budget.min),
             "", "", budget.location.ToString());
      }
    }
  }

  // Checks a step's expectations. For an implementation that settles on real time they are
  // checked again until met, and must still hold after one more quiet window, within the
  // backend's timeout. False when the implementation stopped working (the run must end).
  bool CheckStep(const Expectations& expect, const std::string& label, size_t log_start) {
    std::optional<int> timeout_ms = backend_.ExpectationTimeoutMs();
    if (!timeout_ms) {
      CheckExpectations(expect, label, log_start);
      return true;
    }
    const auto start = std::chrono::steady_clock::now();
    const size_t base = result_.failures.size();
    while (true) {
      CheckExpectations(expect, label, log_start);
      if (result_.failures.size() == base) {
        if (!Check(label, backend_.Quiesce())) return false;
        CheckExpectations(expect, label, log_start);
        if (result_.failures.size() == base) return true;
      }
      auto elapsed = std::chrono::steady_clock::now() - start;
      if (elapsed > std::chrono::milliseconds(*timeout_ms)) return true;  // keep the failures
      result_.failures.resize(base);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (!Check(label, backend_.Quiesce())) return false;
    }
  }

  void CheckExpectations(const Expectations& expect, const std::string& label, size_t log_start) {
    CheckObjects(expect, label);
    CheckEvents(expect, label);
    CheckErrors(expect, label);
    CheckBudgets(expect.writes, label, log_start);
  }

  void CheckHistory() {
    auto log = backend_.WriteLog();
    if (!log) {
      if (!scenario_.never.empty()) {
        NotCheckable("history: never-assertions (the cluster's writes are not observable)");
      }
      CheckBudgets(scenario_.total_writes, "history", 0);
      return;
    }
    std::string actor = backend_.ImplementationActor();
    for (const auto& never : scenario_.never) {
      for (const auto& w : *log) {
        if (w.actor != actor || w.kind != never.kind) continue;
        if (!WriteMatches(w, never.verb, never.propagation)) continue;
        if (!never.namespace_name.empty() && w.namespace_name != never.namespace_name) continue;
        if (!never.name.empty() && w.name != never.name) continue;
        Fail("history",
             fmt::format("never-assertion violated: {} {} {}/{}{} at resourceVersion {}", w.verb,
                         w.kind, w.namespace_name, w.name,
                         w.propagation.empty() ? "" : " (" + w.propagation + ")",
                         w.resource_version),
             "", "", never.location.ToString());
        break;
      }
    }
    CheckBudgets(scenario_.total_writes, "history", 0);
  }

  const Scenario& scenario_;
  std::string profile_;
  Backend& backend_;
  const RunOptions& options_;
  ScenarioResult& result_;
};

}  // namespace

std::unique_ptr<Backend> MakeReferenceBackend(const Scenario& scenario, const std::string& profile,
                                              const RunOptions& options) {
  BackendOptions backend;
  backend.seed = options.seed;
  backend.faults = scenario.faults.CombinedWith(options.faults);
  backend.max_quiescence_rounds = kMaxQuiesceRounds;
  backend.reconciler.profile =
      reference::ProfileFromName(profile).value_or(reference::Profile::kTemplate);
  backend.reconciler.extended = scenario.extended || scenario.HasFeature("extended");
  if (!options.periodic_resync) backend.reconciler.resync_period_ms = 0;
  ApplyMutants(options.mutants, backend.reconciler);
  return std::make_unique<InProcessBackend>(std::move(backend));
}

ScenarioResult RunScenario(const Scenario& scenario, const std::string& profile,
                           const RunOptions& options, const BackendFactory& factory) {
  ScenarioResult result;
  result.id = scenario.id;
  result.title = scenario.title;
  result.file = scenario.file;
  result.profile = profile;
  result.spec_section = scenario.spec_section;
  result.seed = options.seed;

  std::optional<std::string> fingerprint;
  {
    std::unique_ptr<Backend> backend = factory(scenario, profile, options);
    ScenarioExecution execution(scenario, profile, *backend, options, result);
    bool completed = execution.Run();
    if (completed && result.failures.empty() && options.check_idempotence) {
      execution.CheckIdempotence();
    }
    fingerprint = execution.Fingerprint();
    if (!result.failures.empty()) result.implementation_output = backend->ImplementationOutput();
    if (auto log = backend->WriteLog()) {
      result.writes =
          static_cast<uint64_t>(CountWrites(*log, 0, backend->ImplementationActor(), "", ""));
    }
    if (auto faults = backend->FaultLog()) {
      for (const auto& fault : *faults) result.faults_fired.push_back(DescribeFault(fault));
    }
  }
  if (result.failures.empty() && options.check_determinism && fingerprint) {
    ScenarioResult again;
    std::unique_ptr<Backend> backend = factory(scenario, profile, options);
    ScenarioExecution execution(scenario, profile, *backend, options, again);
    execution.Run();
    if (options.check_idempotence && again.failures.empty()) execution.CheckIdempotence();
    if (execution.Fingerprint() != fingerprint) {
      result.failures.push_back(
          {"invariant: determinism",
           fmt::format("running seed {} twice gave different final states", options.seed), "", "",
           scenario.file});
    }
  }
  result.outcome = result.failures.empty() ? Outcome::kPassed : Outcome::kFailed;
  return result;
}

}  // namespace runner
