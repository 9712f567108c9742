// Table building and printer-column evaluation.
#include "table.h"

#include <fmt/format.h>

namespace fakecluster::http {
namespace {

// Parses the RFC 3339 second-precision form the cluster writes ("2024-01-01T00:00:00Z").
std::optional<kube::TimeMillis> ParseTimestamp(std::string_view text) {
  int y, mo, d, h, mi, s;
  if (text.size() < 20 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo,
                                      &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  // Days from civil (Howard Hinnant's algorithm).
  y -= mo <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(mo + (mo > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
  return ((days * 24 + h) * 60 + mi) * 60000 + static_cast<int64_t>(s) * 1000;
}

std::string AgeCell(const kube::Json& value, kube::TimeMillis now) {
  if (!value.is_string()) return "<unknown>";
  auto when = ParseTimestamp(value.get<std::string>());
  if (!when) return "<invalid>";
  return HumanDuration(now - *when);
}

kube::Json Cell(const PrinterColumn& column, const kube::Json& object, kube::TimeMillis now) {
  auto value = EvaluatePrinterPath(object, column.json_path);
  if (!value || value->is_null()) return nullptr;
  if (column.type == "date") return AgeCell(*value, now);
  if (column.type == "string" && !value->is_string()) return value->dump();
  return *value;
}

kube::Json PartialMetadata(const kube::Json& object) {
  return {{"kind", "PartialObjectMetadata"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", object.value("metadata", kube::Json::object())}};
}

// One step of a path: a field name, or a bracket expression.
struct PathStep {
  enum Kind { kField, kIndex, kAll, kFilter } kind = kField;
  std::string field;
  size_t index = 0;
  std::string filter_key;   // kFilter: @.<key>
  kube::Json filter_value;  // kFilter: == <value>
};

std::optional<std::vector<PathStep>> ParsePath(std::string_view path) {
  // Accept the `{.a.b}` template form too.
  if (path.size() >= 2 && path.front() == '{' && path.back() == '}') {
    path = path.substr(1, path.size() - 2);
  }
  std::vector<PathStep> steps;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      size_t start = i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      if (i == start) return std::nullopt;
      PathStep step;
      step.field = std::string(path.substr(start, i - start));
      steps.push_back(std::move(step));
    } else if (path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view inner = path.substr(i + 1, close - i - 1);
      i = close + 1;
      PathStep step;
      if (inner == "*") {
        step.kind = PathStep::kAll;
      } else if (inner.starts_with("?(@.") && inner.ends_with(")")) {
        std::string_view expr = inner.substr(4, inner.size() - 5);
        size_t eq = expr.find("==");
        if (eq == std::string_view::npos) return std::nullopt;
        step.kind = PathStep::kFilter;
        step.filter_key = std::string(expr.substr(0, eq));
        std::string_view literal = expr.substr(eq + 2);
        if (literal.size() >= 2 && (literal.front() == '"' || literal.front() == '\'') &&
            literal.back() == literal.front()) {
          step.filter_value = std::string(literal.substr(1, literal.size() - 2));
        } else {
          step.filter_value = kube::Json::parse(literal, nullptr, false);
          if (step.filter_value.is_discarded()) return std::nullopt;
        }
      } else {
        step.kind = PathStep::kIndex;
        if (inner.empty() || inner.size() > 9) return std::nullopt;
        for (char c : inner) {
          if (c < '0' || c > '9') return std::nullopt;
          step.index = step.index * 10 + static_cast<size_t>(c - '0');
        }
      }
      steps.push_back(std::move(step));
    } else {
      return std::nullopt;
    }
  }
  return steps;
}

void Collect(const kube::Json& node, const std::vector<PathStep>& steps, size_t at,
             std::vector<const kube::Json*>& out) {
  if (at == steps.size()) {
    out.push_back(&node);
    return;
  }
  const PathStep& step = steps[at];
  switch (step.kind) {
    case PathStep::kField:
      if (node.is_object()) {
        auto it = node.find(step.field);
        if (it != node.end()) Collect(*it, steps, at + 1, out);
      }
      break;
    case PathStep::kIndex:
      if (node.is_array() && step.index < node.size())
        Collect(node[step.index], steps, at + 1, out);
      break;
    case PathStep::kAll:
    case PathStep::kFilter:
      if (!node.is_array()) break;
      for (const auto& item : node) {
        if (step.kind == PathStep::kFilter) {
          if (!item.is_object()) continue;
          auto it = item.find(step.filter_key);
          if (it == item.end() || *it != step.filter_value) continue;
        }
        Collect(item, steps, at + 1, out);
      }
      break;
  }
}

}  // namespace

std::vector<PrinterColumn> CrdPrinterColumns(const kube::Json& crd, std::string_view version) {
  std::vector<PrinterColumn> columns;
  const kube::Json* versions = nullptr;
  if (crd.contains("spec") && crd["spec"].contains("versions")) versions = &crd["spec"]["versions"];
  if (versions && versions->is_array()) {
    for (const auto& v : *versions) {
      if (!v.is_object() || v.value("name", "") != version) continue;
      auto it = v.find("additionalPrinterColumns");
      if (it == v.end() || !it->is_array()) break;
      for (const auto& c : *it) {
        if (!c.is_object()) continue;
        PrinterColumn column;
        column.name = c.value("name", "");
        column.type = c.value("type", "string");
        column.format = c.value("format", "");
        column.description = c.value("description", "");
        column.priority = c.value("priority", 0);
        column.json_path = c.value("jsonPath", "");
        columns.push_back(std::move(column));
      }
    }
  }
  if (columns.empty()) {
    columns.push_back({"Age", "date", "", "", 0, ".metadata.creationTimestamp"});
  }
  return columns;
}

std::optional<IncludeObject> ParseIncludeObject(std::string_view value) {
  if (value.empty() || value == "Metadata") return IncludeObject::kMetadata;
  if (value == "None") return IncludeObject::kNone;
  if (value == "Object") return IncludeObject::kObject;
  return std::nullopt;
}

kube::Json BuildTable(const std::vector<PrinterColumn>& custom_columns,
                      const std::vector<kube::Json>& objects, kube::TimeMillis now,
                      IncludeObject include, std::string_view resource_version,
                      std::string_view continue_token, bool with_definitions) {
  std::vector<PrinterColumn> columns = custom_columns;
  if (columns.empty()) {
    columns.push_back({"Age", "date", "",
                       "CreationTimestamp is a timestamp representing the server time when this "
                       "object was created.",
                       0, ".metadata.creationTimestamp"});
  }
  kube::Json definitions = kube::Json::array();
  if (with_definitions) {
    definitions.push_back({{"name", "Name"},
                           {"type", "string"},
                           {"format", "name"},
                           {"description", "Name must be unique within a namespace."},
                           {"priority", 0}});
    for (const auto& c : columns) {
      definitions.push_back({{"name", c.name},
                             {"type", c.type},
                             {"format", c.format},
                             {"description", c.description},
                             {"priority", c.priority}});
    }
  }
  kube::Json rows = kube::Json::array();
  for (const auto& object : objects) {
    kube::Json cells = kube::Json::array();
    cells.push_back(kube::StringAt(object, {"metadata", "name"}));
    for (const auto& c : columns) cells.push_back(Cell(c, object, now));
    kube::Json row = {{"cells", cells}};
    if (include == IncludeObject::kMetadata) row["object"] = PartialMetadata(object);
    if (include == IncludeObject::kObject) row["object"] = object;
    rows.push_back(std::move(row));
  }
  kube::Json metadata = {{"resourceVersion", resource_version}};
  if (!continue_token.empty()) metadata["continue"] = continue_token;
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", metadata},
          {"columnDefinitions", definitions},
          {"rows", rows}};
}

std::optional<kube::Json> EvaluatePrinterPath(const kube::Json& object, std::string_view path) {
  auto steps = ParsePath(path);
  if (!steps) return std::nullopt;
  std::vector<const kube::Json*> found;
  Collect(object, *steps, 0, found);
  if (found.empty()) return std::nullopt;
  return *found.front();
}

std::string HumanDuration(kube::TimeMillis millis) {
  int64_t seconds = millis / 1000;
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return fmt::format("{}s", seconds);
  int64_t minutes = seconds / 60;
  if (minutes < 10) {
    int64_t s = seconds % 60;
    return s == 0 ? fmt::format("{}m", minutes) : fmt::format("{}m{}s", minutes, s);
  }
  if (minutes < 60 * 3) return fmt::format("{}m", minutes);
  int64_t hours = minutes / 60;
  if (hours < 8) {
    int64_t m = minutes % 60;
    return m == 0 ? fmt::format("{}h", hours) : fmt::format("{}h{}m", hours, m);
  }
  if (hours < 48) return fmt::format("{}h", hours);
  if (hours < 24 * 8) {
    int64_t h = hours % 24;
    return h == 0 ? fmt::format("{}d", hours / 24) : fmt::format("{}d{}h", hours / 24, h);
  }
  if (hours < 24 * 365 * 2) return fmt::format("{}d", hours / 24);
  if (hours < 24 * 365 * 8) {
    int64_t days = (hours / 24) % 365;
    return days == 0 ? fmt::format("{}y", hours / 24 / 365)
                     : fmt::format("{}y{}d", hours / 24 / 365, days);
  }
  return fmt::format("{}y", hours / 24 / 365);
}

}  // namespace fakecluster::http
