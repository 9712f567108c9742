// JSON Merge Patch (RFC 7386) and JSON Patch (RFC 6902), applied exactly per their RFCs, and
// the computation of a merge patch between two documents. Failures are Statuses, never
// exceptions: a malformed patch document is BadRequest; a JSON Patch operation that cannot be
// applied (missing path, failed `test`) is also BadRequest here, naming the operation index and
// path; the fake cluster turns the latter into the API server's 422 answer.
#pragma once

#include <string_view>

#include "kube/object.h"
#include "kube/status.h"

namespace kube {

// RFC 7386 section 2 MergePatch(target, patch). Never fails.
Json ApplyMergePatch(const Json& target, const Json& patch);

// RFC 6902: `patch` must be an array of operation objects (add, remove, replace, move, copy,
// test). Applied in order, atomically: on any failure the input is not modified (it is const).
StatusOr<Json> ApplyJsonPatch(const Json& target, const Json& patch);

// The smallest RFC 7386 merge patch that turns `from` into `to` (an empty object when they are
// equal objects; when either is not an object the patch is `to` itself, since an object patch
// would turn a non-object into an object). Arrays are replaced whole. Since merge patch cannot
// set a value to null, `to` must not contain nulls inside objects (they would be dropped).
Json CreateMergePatch(const Json& from, const Json& to);

// Parses JSON text at the boundary, turning parse errors into BadRequest with the byte offset.
// Objects that repeat a member name are rejected (RFC 6902 A.13), as is nesting deeper than
// 10000 levels (Go's encoding/json limit).
StatusOr<Json> ParseJson(std::string_view text, std::string_view what = "request body");

}  // namespace kube
