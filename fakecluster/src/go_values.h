// Decoded JSON values as the API server's Go code sees them (integers are int64, other numbers
// float64) and printed the way Go's fmt prints them, so validation messages read exactly like
// kube-apiserver's. Used by the schema validator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kube/object.h"

namespace fakecluster::go_values {

// The value as an int64, when it is an integer that fits one.
std::optional<int64_t> AsInt64(const kube::Json& value);
// The OpenAPI type name of a JSON value, as kube-openapi infers it.
std::string_view TypeName(const kube::Json& value);
// swag.IsFloat64AJSONInteger: a float with no fractional part within +-2^53.
bool IsWholeJsonNumber(double number);
// Go's strconv.Quote (fmt %q) for a string: printable characters kept, others escaped.
std::string GoQuote(std::string_view text);
// Go's fmt %v for a float64 ("1e+06", "1.5", "0.0001", "1e-05").
std::string GoFloat(double number);
// Go's %#v for a decoded JSON value (used for arrays and objects only).
std::string GoSyntax(const kube::Json& value);
// A bad value as apimachinery's field.Error prints it after "Invalid value: ".
std::string BadValueText(const kube::Json& value);
// UTF-8 code points, as Go's utf8.RuneCountInString counts them in valid UTF-8.
int64_t RuneCount(std::string_view text);

}  // namespace fakecluster::go_values
