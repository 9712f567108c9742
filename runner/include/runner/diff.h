// Differences between expected and actual values, for failure messages: a line-based unified
// diff of two texts, and the JSON Pointer of the first place where two JSON documents differ.
#pragma once

#include <string>
#include <string_view>

#include "kube/object.h"

namespace runner {

// A unified diff (as `diff -u` prints it) turning `expected` into `actual`: `---`/`+++`
// headers with the labels, then `@@ -a,b +c,d @@` hunks with `context` lines around each
// change. Returns "" when the texts are equal. A last line without a newline is marked
// "\ No newline at end of file". The diff is minimal for ordinary inputs; when the texts are
// very large and very different it stays correct but may be longer than minimal, so that time
// and memory stay bounded.
std::string UnifiedDiff(std::string_view expected, std::string_view actual,
                        std::string_view expected_label = "expected",
                        std::string_view actual_label = "actual", int context = 3);

// The JSON Pointer (RFC 6901) of the first difference between the documents, visiting object
// members in key order and array items in index order; "" when they are equal. A member or
// item present in only one document is reported at its own path; a value of a different type
// is reported where the types differ.
std::string FirstDifferingPath(const kube::Json& expected, const kube::Json& actual);

}  // namespace runner
