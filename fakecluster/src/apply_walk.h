// The structural operations of server-side apply on JSON objects, guided by a KindSchema (which
// lists are associative or sets, which maps are atomic or hold user keys), after
// sigs.k8s.io/structured-merge-diff/typed: the field set of an applied configuration, the
// comparison of two versions of an object, the merge of a configuration into a live object, and
// the removal of fields.
#pragma once

#include <optional>
#include <vector>

#include "apply_fieldset.h"
#include "kube/object.h"
#include "strategic_schema.h"

namespace fakecluster {

// The fields an applied configuration sets: scalars (null included), atomic lists and maps,
// empty lists and maps, associative list and set items and their fields.
FieldSet AppliedFieldSet(const kube::Json& config, const KindSchema& schema);

struct Comparison {
  FieldSet added;     // in `after` only (with new list items and new maps of user keys)
  FieldSet modified;  // in both, with different values
  FieldSet removed;   // in `before` only
};

// Compares two versions of an object (typed.Compare).
Comparison CompareObjects(const kube::Json& before, const kube::Json& after,
                          const KindSchema& schema);

// `live` with `config` merged in: maps merge, associative lists and sets merge item by item (live
// order kept, new items appended), everything else is replaced; a null in `config` removes.
kube::Json MergeConfig(const kube::Json& live, const kube::Json& config, const KindSchema& schema);

// Removes the value at each path (list items found by key or value); a map of user keys
// (labels, data) left empty by a removal goes too, as the Go types omit empty maps.
void RemoveFields(kube::Json& object, const std::vector<FieldPath>& paths,
                  const KindSchema& schema);

// The key fields of an associative list item path element (empty for other elements).
std::vector<std::string> KeyFieldNames(const PathElement& element);

}  // namespace fakecluster
