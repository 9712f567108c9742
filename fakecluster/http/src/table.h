// Server-side printing: the meta.k8s.io/v1 `Table` the API server answers when a client sends
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (what `kubectl get` asks for). Columns
// come from a CustomResourceDefinition's additionalPrinterColumns (jsonPath evaluated per
// object, dates shown as ages); other kinds get Name and Age. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kube/clock.h"
#include "kube/object.h"

namespace fakecluster::http {

struct PrinterColumn {
  std::string name;
  std::string type;  // string, integer, number, boolean, date
  std::string format;
  std::string description;
  int priority = 0;
  std::string json_path;  // ".spec.schedule"
};

// The printer columns of one served version of a CRD (default: Age), from the CRD object.
std::vector<PrinterColumn> CrdPrinterColumns(const kube::Json& crd, std::string_view version);

// How rows carry their object (the `includeObject` query parameter).
enum class IncludeObject { kNone, kMetadata, kObject };
std::optional<IncludeObject> ParseIncludeObject(std::string_view value);

// The Table of `objects`; `columns` empty means Name and Age. `with_definitions` false leaves
// columnDefinitions empty (watch events after the first).
kube::Json BuildTable(const std::vector<PrinterColumn>& columns,
                      const std::vector<kube::Json>& objects, kube::TimeMillis now,
                      IncludeObject include, std::string_view resource_version,
                      std::string_view continue_token, bool with_definitions = true);

// Evaluates a printer-column JSONPath (`.a.b`, `.a[0].b`, `.a[*].b`,
// `.a[?(@.type=="Ready")].status`) and returns the first value found, or nullopt.
std::optional<kube::Json> EvaluatePrinterPath(const kube::Json& object, std::string_view path);

// k8s.io/apimachinery's HumanDuration ("45s", "5m10s", "3h", "2d4h", "400d", "3y20d").
std::string HumanDuration(kube::TimeMillis millis);

}  // namespace fakecluster::http
