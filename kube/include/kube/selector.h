// Label selectors (=, ==, !=, in, notin, exists, !exists; comma-joined requirements) and
// field selectors (=, ==, != on metadata.name and metadata.namespace), parsed from their
// string forms exactly as the API server accepts them. Parse errors are BadRequest Statuses
// whose message names the offending text. An empty selector matches everything.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kube/object.h"
#include "kube/status.h"

namespace kube {

class LabelSelector {
 public:
  enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kDoesNotExist };
  struct Requirement {
    std::string key;
    Op op;
    std::vector<std::string> values;  // sorted; one value for kEquals / kNotEquals
    bool operator==(const Requirement&) const = default;
  };

  LabelSelector() = default;  // matches everything
  // Parses "app=web,tier!=db,env in (a,b),!legacy". Keys and values are validated like the
  // server does (label key / label value syntax). The server's `gt`/`lt` operators (`a>1`) are
  // rejected as BadRequest: Op has no value for them.
  static StatusOr<LabelSelector> Parse(std::string_view text);
  // Builds a selector from a metav1.LabelSelector JSON object (matchLabels, matchExpressions).
  // `{}` matches everything; null and non-objects are BadRequest (a nil metav1 selector matches
  // nothing, which this type cannot express: callers decide what an absent selector means).
  static StatusOr<LabelSelector> FromJson(const Json& selector);

  bool Empty() const { return requirements_.empty(); }
  bool Matches(const std::map<std::string, std::string>& labels) const;
  // Same, over labels already sorted by key (how the fake cluster's store keeps them).
  bool MatchesSorted(const std::vector<std::pair<std::string, std::string>>& sorted_labels) const;
  const std::vector<Requirement>& requirements() const { return requirements_; }
  // Canonical text form (requirements sorted by key), parseable by Parse.
  std::string ToString() const;

 private:
  std::vector<Requirement> requirements_;
};

class FieldSelector {
 public:
  struct Requirement {
    std::string field;  // "metadata.name" or "metadata.namespace"
    bool negated;       // true for !=
    std::string value;
    bool operator==(const Requirement&) const = default;
  };

  FieldSelector() = default;  // matches everything
  // Parses "metadata.name=x,metadata.namespace!=y". Any other field is a BadRequest:
  // `field label not supported: <field>`.
  static StatusOr<FieldSelector> Parse(std::string_view text);

  bool Empty() const { return requirements_.empty(); }
  bool Matches(std::string_view name, std::string_view ns) const;
  bool Matches(ObjectView object) const { return Matches(object.Name(), object.Namespace()); }
  bool Matches(const Object& object) const { return Matches(object.View()); }
  const std::vector<Requirement>& requirements() const { return requirements_; }

 private:
  std::vector<Requirement> requirements_;
};

}  // namespace kube
