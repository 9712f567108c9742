// JsonEquals: equality of JSON values as JSON Patch's `test` defines it (RFC 6902 section 4.6):
// numbers by mathematical value, whatever their representation (int64, uint64 or double), and
// exactly: 2^53 + 1 differs from 2^53 although both round to the same double, and 1 equals 1.0;
// objects by their members whatever the order; arrays element by element; every other value by
// type and value. The one equality of kube, the patch code and the scenario matcher both use it.
#pragma once

#include "kube/object.h"

namespace kube {

bool JsonEquals(const Json& a, const Json& b);

}  // namespace kube
