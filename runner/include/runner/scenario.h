// The scenario model: one conformance case as loaded from a scenario file (see
// docs/scenario-format.md for the file format, scenarios/schema/scenario.schema.json for its
// JSON Schema). Plain data; the loader fills it, the runner executes it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakecluster/faults.h"
#include "kube/object.h"

namespace runner {

// Where something came from, for error messages: "scenarios/x.yaml:12".
struct SourceLocation {
  std::string file;
  int line = 0;
  std::string ToString() const;
};

// A reference to one object: apiVersion may be empty (resolved from the kind).
struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string namespace_name;
  std::string name;
  SourceLocation location;
};

enum class MatchMode { kSubset, kExact };

// How a list at a path is compared.
struct ListMode {
  enum class Kind { kOrdered, kUnordered, kByKey } kind = Kind::kOrdered;
  std::string key;  // for kByKey
};

// A matcher for one path (JSON Pointer) of an object.
struct FieldMatcher {
  enum class Kind { kAbsent, kPresent, kRegex, kEquals } kind = Kind::kPresent;
  std::string regex;
  kube::Json value;
};

struct ObjectExpectation {
  ObjectRef ref;
  MatchMode mode = MatchMode::kSubset;
  std::optional<kube::Json> value;             // expected content
  std::vector<std::string> ignore;             // JSON Pointers left out of the comparison
  std::map<std::string, ListMode> lists;       // JSON Pointer -> list mode
  std::map<std::string, FieldMatcher> fields;  // JSON Pointer -> matcher
};

// "Exactly these objects of this kind in this namespace, and nothing else."
struct ClosedSetExpectation {
  std::string api_version;
  std::string kind;
  std::string namespace_name;
  std::vector<std::string> names;
  SourceLocation location;
};

struct EventExpectation {
  ObjectRef involved;         // kind + name (+ namespace, apiVersion) of the involved object
  std::string involved_uid;   // involvedObject.uid; may be a uid reference; empty: any
  std::string reason;         // empty: any
  std::string type;           // Normal / Warning / empty: any
  std::string message_regex;  // RE2 regex searched in the message; empty: any
  std::optional<std::string> source_component;  // source.component, exactly
  std::optional<std::string> source_host;       // source.host, exactly
  std::map<std::string, FieldMatcher> fields;   // any Event field, by JSON Pointer
  std::optional<int> count;  // exact number of matching events; default: at least one
  SourceLocation location;
};

// An error the implementation reports for a target (in-process backends only: an external
// implementation's errors are not observable, so these are skipped there).
struct ErrorExpectation {
  ObjectRef target;
  std::string message_regex;  // empty: expects no error
  SourceLocation location;
};

// A limit on writes during one step, or over the whole scenario.
struct WriteBudget {
  std::string kind;         // empty: every kind
  std::string verb;         // create, update, patch, delete, ... empty: every verb
  std::string propagation;  // deletes only: Background, Foreground, Orphan; empty: any
  std::optional<int> min;   // at least this many (none: no lower bound)
  std::optional<int> max;   // at most this many (none: no upper bound)
  SourceLocation location;
};

// Something that must never appear in the write history of the implementation.
struct NeverAssertion {
  std::string kind;
  std::string verb;            // e.g. "delete"
  std::string namespace_name;  // empty: any
  std::string name;            // empty: any
  std::string propagation;     // deletes only: Background, Foreground, Orphan; empty: any
  SourceLocation location;
};

struct Expectations {
  std::vector<ObjectExpectation> objects;
  std::vector<ObjectRef> absent;
  std::vector<ClosedSetExpectation> exactly;
  std::vector<EventExpectation> events;
  std::vector<ErrorExpectation> errors;
  std::vector<WriteBudget> writes;
  bool Empty() const {
    return objects.empty() && absent.empty() && exactly.empty() && events.empty() &&
           errors.empty() && writes.empty();
  }
};

// One object input: inline or from a fixture file (multi-document files give several).
struct ObjectSource {
  kube::Json object;
  SourceLocation location;
};

enum class PatchKind { kMerge, kJson, kStrategic, kApply };

struct Step {
  enum class Action {
    kApply,   // create, or replace if it exists (status kept)
    kCreate,  // create; fails the scenario if it exists
    kPatch,
    kDelete,
    kAnnotate,      // set and/or remove annotations
    kResync,        // the implementation's periodic resync, now
    kRestart,       // the implementation crashes and restarts (state lost, informers relisted)
    kAdvanceClock,  // virtual time passes (timers fire: resync, backoff, GC delays)
    kNone,          // only expectations
  };
  Action action = Action::kNone;
  std::string name;
  std::vector<ObjectSource> objects;  // apply, create
  ObjectRef target;                   // patch, delete, annotate
  PatchKind patch_kind = PatchKind::kMerge;
  kube::Json patch;         // patch body
  std::string propagation;  // delete: Background, Foreground, Orphan or empty
  std::map<std::string, std::string> set_annotations;
  std::vector<std::string> remove_annotations;
  int64_t advance_ms = 0;
  Expectations expect;
  SourceLocation location;
};

struct Scenario {
  int format_version = 1;
  std::string id;
  std::string title;
  std::vector<std::string> profiles;  // stash-template, stash-blueprint
  std::string spec_section;           // "default-backup.md#5"
  std::vector<std::string> labels;
  std::vector<std::string> features;  // e.g. extended, template-watch: implementation needs
  std::string description;
  bool extended = false;  // runs the implementation with the extended options
  std::vector<ObjectSource> given;
  std::vector<Step> steps;
  std::vector<NeverAssertion> never;
  std::vector<WriteBudget> total_writes;
  // Faults injected into the implementation's own requests (not the runner's or the steps').
  fakecluster::FaultPlan faults;
  // `explore.faults`: the faults `stashsim explore` may add (runner/explore.h); nullopt when
  // the file does not say.
  std::optional<std::vector<std::string>> explore_faults;
  // `explore.seeds`: the seeds to explore under instead of the command's (a reproducer's).
  std::vector<uint64_t> explore_seeds;
  // `explore.occurrences`, ascending: only these faults drawn from the seed fire
  // (fakecluster::FaultPlan::only_occurrences); nullopt: all of them.
  std::optional<std::vector<uint64_t>> explore_occurrences;
  std::string file;  // the scenario file

  bool HasFeature(std::string_view feature) const {
    return std::find(features.begin(), features.end(), feature) != features.end();
  }
};

// Every namespace the scenario's objects, steps and expectations name, sorted, without "".
std::vector<std::string> ScenarioNamespaces(const Scenario& scenario);

// Whether one of the scenario's steps performs `action`.
bool HasStep(const Scenario& scenario, Step::Action action);

}  // namespace runner
