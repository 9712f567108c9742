// Unified diff over lines (Myers' greedy O(ND) algorithm with a budget) and the first
// differing JSON Pointer of two documents.
#include "runner/diff.h"

#include "kube/json_pointer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace runner {
namespace {

// The Myers trace keeps one row per edit distance d of 2d+1 entries, so memory grows as
// (d+1)^2 ints: at most ~4 MB with this limit. Beyond it, or beyond the work budget, the
// differing middle is reported as one replacement, which is correct though not minimal.
constexpr int kMaxEditDistance = 1000;
constexpr int64_t kMaxWork = 50'000'000;

// Each line keeps its terminating '\n' (the last line may lack one), so "a" and "a\n" differ.
std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t newline = text.find('\n', start);
    size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class EditKind { kKeep, kDelete, kInsert };

// One line of the edit script; old_pos/new_pos are the line cursors before this edit.
struct Edit {
  EditKind kind;
  int old_pos;
  int new_pos;
};

class EditScript {
 public:
  void Keep(int count) { Add(EditKind::kKeep, count); }
  void Delete(int count) { Add(EditKind::kDelete, count); }
  void Insert(int count) { Add(EditKind::kInsert, count); }
  const std::vector<Edit>& edits() const { return edits_; }

  void Add(EditKind kind, int count) {
    for (int i = 0; i < count; ++i) {
      edits_.push_back({kind, old_pos_, new_pos_});
      if (kind != EditKind::kInsert) ++old_pos_;
      if (kind != EditKind::kDelete) ++new_pos_;
    }
  }

 private:
  std::vector<Edit> edits_;
  int old_pos_ = 0;
  int new_pos_ = 0;
};

constexpr int kUnreached = -1;

// Where the d-th edit lands on diagonal k (k = x - y): a move down (insertion) from diagonal
// k+1 or right (deletion) from diagonal k-1, whichever reaches further while staying inside
// the n x m edit graph. x is kUnreached when neither move is possible.
struct Move {
  int x = kUnreached;
  bool down = false;
};

Move MoveOnto(int k, int x_on_k_plus_1, int x_on_k_minus_1, int n, int m) {
  Move move;
  if (x_on_k_plus_1 != kUnreached && x_on_k_plus_1 - k <= m) move = {x_on_k_plus_1, true};
  if (x_on_k_minus_1 != kUnreached && x_on_k_minus_1 + 1 <= n && x_on_k_minus_1 + 1 > move.x) {
    move = {x_on_k_minus_1 + 1, false};
  }
  return move;
}

// Furthest x reached on each diagonal k in [-d, d] after d edits.
class TraceRow {
 public:
  explicit TraceRow(std::vector<int> xs) : xs_(std::move(xs)) {}
  int At(int k) const {
    int d = static_cast<int>(xs_.size()) / 2;
    return k < -d || k > d ? kUnreached : xs_[k + d];
  }

 private:
  std::vector<int> xs_;
};

// Forward pass of Myers' algorithm. Returns the rows for d = 0 .. D-1, where D is the edit
// distance, or nothing when the budget runs out.
std::optional<std::vector<TraceRow>> ForwardTrace(std::span<const std::string_view> a,
                                                  std::span<const std::string_view> b) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int max_d = std::min(n + m, kMaxEditDistance);
  const int offset = max_d + 1;
  std::vector<int> x_on(2 * max_d + 3, kUnreached);
  std::vector<TraceRow> trace;
  int64_t work = 0;
  for (int d = 0; d <= max_d; ++d) {
    for (int k = -d; k <= d; k += 2) {
      int x = d == 0 ? 0 : MoveOnto(k, x_on[k + 1 + offset], x_on[k - 1 + offset], n, m).x;
      if (x != kUnreached) {
        int snake_start = x;
        while (x < n && x - k < m && a[x] == b[x - k]) ++x;
        work += 1 + (x - snake_start);
      }
      x_on[k + offset] = x;
      if (x == n && x - k == m) return trace;
      if (work > kMaxWork) return std::nullopt;
    }
    trace.emplace_back(std::vector<int>(x_on.begin() + offset - d, x_on.begin() + offset + d + 1));
  }
  return std::nullopt;
}

// Walks the trace back from (n, m) and appends the edits, in order, to `script`.
void Backtrack(const std::vector<TraceRow>& trace, int n, int m, EditScript* script) {
  std::vector<EditKind> reversed;
  int x = n;
  int y = m;
  for (int d = static_cast<int>(trace.size()); d > 0; --d) {
    const TraceRow& previous = trace[d - 1];
    int k = x - y;
    Move move = MoveOnto(k, previous.At(k + 1), previous.At(k - 1), n, m);
    int start_x = move.x;
    for (; x > start_x; --x, --y) reversed.push_back(EditKind::kKeep);
    reversed.push_back(move.down ? EditKind::kInsert : EditKind::kDelete);
    if (move.down) {
      --y;
    } else {
      --x;
    }
  }
  for (; x > 0; --x) reversed.push_back(EditKind::kKeep);
  for (auto it = reversed.rbegin(); it != reversed.rend(); ++it) script->Add(*it, 1);
}

// The edit script turning old_lines into new_lines.
EditScript DiffLines(std::span<const std::string_view> old_lines,
                     std::span<const std::string_view> new_lines) {
  size_t prefix = 0;
  while (prefix < old_lines.size() && prefix < new_lines.size() &&
         old_lines[prefix] == new_lines[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < old_lines.size() - prefix && suffix < new_lines.size() - prefix &&
         old_lines[old_lines.size() - 1 - suffix] == new_lines[new_lines.size() - 1 - suffix]) {
    ++suffix;
  }
  auto old_middle = old_lines.subspan(prefix, old_lines.size() - prefix - suffix);
  auto new_middle = new_lines.subspan(prefix, new_lines.size() - prefix - suffix);

  EditScript script;
  script.Keep(static_cast<int>(prefix));
  if (auto trace = ForwardTrace(old_middle, new_middle)) {
    Backtrack(*trace, static_cast<int>(old_middle.size()), static_cast<int>(new_middle.size()),
              &script);
  } else {
    script.Delete(static_cast<int>(old_middle.size()));
    script.Insert(static_cast<int>(new_middle.size()));
  }
  script.Keep(static_cast<int>(suffix));
  return script;
}

// "start,count" as in a hunk header: 1-based start, ",count" left out when it is 1, and the
// line before the hunk as start when the range is empty.
std::string HunkRange(int cursor, int count) {
  if (count == 0) return fmt::format("{},0", cursor);
  if (count == 1) return fmt::format("{}", cursor + 1);
  return fmt::format("{},{}", cursor + 1, count);
}

void AppendLine(char marker, std::string_view line, std::string* out) {
  out->push_back(marker);
  out->append(line);
  if (line.empty() || line.back() != '\n') out->append("\n\\ No newline at end of file\n");
}

// Appends one hunk covering edits[begin, end).
void AppendHunk(const std::vector<Edit>& edits, size_t begin, size_t end,
                std::span<const std::string_view> old_lines,
                std::span<const std::string_view> new_lines, std::string* out) {
  int old_count = 0;
  int new_count = 0;
  for (size_t i = begin; i < end; ++i) {
    if (edits[i].kind != EditKind::kInsert) ++old_count;
    if (edits[i].kind != EditKind::kDelete) ++new_count;
  }
  out->append(fmt::format("@@ -{} +{} @@\n", HunkRange(edits[begin].old_pos, old_count),
                          HunkRange(edits[begin].new_pos, new_count)));
  for (size_t i = begin; i < end; ++i) {
    const Edit& edit = edits[i];
    switch (edit.kind) {
      case EditKind::kKeep:
        AppendLine(' ', old_lines[edit.old_pos], out);
        break;
      case EditKind::kDelete:
        AppendLine('-', old_lines[edit.old_pos], out);
        break;
      case EditKind::kInsert:
        AppendLine('+', new_lines[edit.new_pos], out);
        break;
    }
  }
}

// Groups changes closer than 2 * context unchanged lines into one hunk and appends them all.
void AppendHunks(const std::vector<Edit>& edits, size_t context,
                 std::span<const std::string_view> old_lines,
                 std::span<const std::string_view> new_lines, std::string* out) {
  std::vector<size_t> changes;
  for (size_t i = 0; i < edits.size(); ++i) {
    if (edits[i].kind != EditKind::kKeep) changes.push_back(i);
  }
  size_t first = 0;
  while (first < changes.size()) {
    size_t last = first;
    while (last + 1 < changes.size() && changes[last + 1] - changes[last] - 1 <= 2 * context) {
      ++last;
    }
    size_t begin = changes[first] - std::min(changes[first], context);
    size_t end = std::min(edits.size(), changes[last] + context + 1);
    AppendHunk(edits, begin, end, old_lines, new_lines, out);
    first = last + 1;
  }
}

std::optional<std::string> FirstDifference(const kube::Json& expected, const kube::Json& actual,
                                           const std::string& path);

std::optional<std::string> FirstObjectDifference(const kube::Json& expected,
                                                 const kube::Json& actual,
                                                 const std::string& path) {
  // Both iterate in key order (nlohmann's object is a sorted map), so a merge walk finds the
  // smallest key that is missing on one side or holds different values.
  auto e = expected.begin();
  auto a = actual.begin();
  while (e != expected.end() || a != actual.end()) {
    if (a == actual.end() || (e != expected.end() && e.key() < a.key())) {
      return kube::ChildPointer(path, e.key());
    }
    if (e == expected.end() || a.key() < e.key()) {
      return kube::ChildPointer(path, a.key());
    }
    if (auto found = FirstDifference(*e, *a, kube::ChildPointer(path, e.key()))) {
      return found;
    }
    ++e;
    ++a;
  }
  return std::nullopt;
}

std::optional<std::string> FirstArrayDifference(const kube::Json& expected,
                                                const kube::Json& actual, const std::string& path) {
  size_t common = std::min(expected.size(), actual.size());
  for (size_t i = 0; i < common; ++i) {
    if (auto found = FirstDifference(expected[i], actual[i], fmt::format("{}/{}", path, i))) {
      return found;
    }
  }
  if (expected.size() != actual.size()) return fmt::format("{}/{}", path, common);
  return std::nullopt;
}

std::optional<std::string> FirstDifference(const kube::Json& expected, const kube::Json& actual,
                                           const std::string& path) {
  if (expected.is_object() && actual.is_object()) {
    return FirstObjectDifference(expected, actual, path);
  }
  if (expected.is_array() && actual.is_array()) {
    return FirstArrayDifference(expected, actual, path);
  }
  // Scalars, or values of different types; numbers compare by value across int and float.
  if (expected != actual) return path;
  return std::nullopt;
}

}  // namespace

std::string UnifiedDiff(std::string_view expected, std::string_view actual,
                        std::string_view expected_label, std::string_view actual_label,
                        int context) {
  if (expected == actual) return "";
  std::vector<std::string_view> old_lines = SplitLines(expected);
  std::vector<std::string_view> new_lines = SplitLines(actual);
  EditScript script = DiffLines(old_lines, new_lines);
  std::string out = fmt::format("--- {}\n+++ {}\n", expected_label, actual_label);
  AppendHunks(script.edits(), static_cast<size_t>(std::max(context, 0)), old_lines, new_lines,
              &out);
  return out;
}

std::string FirstDifferingPath(const kube::Json& expected, const kube::Json& actual) {
  return FirstDifference(expected, actual, "").value_or("");
}

}  // namespace runner
