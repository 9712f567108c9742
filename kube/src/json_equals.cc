// JSON value equality with numbers compared by mathematical value (json_equals.h).
#include "kube/json_equals.h"

#include <cmath>
#include <cstdint>

namespace kube {
namespace {

// An integer as sign and magnitude, so int64 and uint64 compare without overflow.
struct SignedMagnitude {
  bool negative = false;
  uint64_t magnitude = 0;
  bool operator==(const SignedMagnitude&) const = default;
};

SignedMagnitude ToSignedMagnitude(const Json& integer) {
  if (integer.is_number_unsigned()) return {false, integer.get<uint64_t>()};
  int64_t value = integer.get<int64_t>();
  if (value >= 0) return {false, static_cast<uint64_t>(value)};
  return {true, uint64_t{0} - static_cast<uint64_t>(value)};
}

bool FloatEqualsInteger(double value, const SignedMagnitude& integer) {
  constexpr double kTwoTo64 = 18446744073709551616.0;
  if (!std::isfinite(value) || value != std::trunc(value)) return false;
  double magnitude = std::fabs(value);
  if (magnitude >= kTwoTo64) return false;
  SignedMagnitude as_integer{value < 0, static_cast<uint64_t>(magnitude)};
  if (as_integer.magnitude == 0) as_integer.negative = false;
  return as_integer == integer;
}

bool NumbersEqual(const Json& a, const Json& b) {
  if (a.is_number_float() && b.is_number_float()) return a.get<double>() == b.get<double>();
  if (a.is_number_float()) return FloatEqualsInteger(a.get<double>(), ToSignedMagnitude(b));
  if (b.is_number_float()) return FloatEqualsInteger(b.get<double>(), ToSignedMagnitude(a));
  return ToSignedMagnitude(a) == ToSignedMagnitude(b);
}

bool ObjectsEqual(const Json& a, const Json& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [key, value] : a.items()) {
    auto other = b.find(key);
    if (other == b.end() || !JsonEquals(value, *other)) return false;
  }
  return true;
}

bool ArraysEqual(const Json& a, const Json& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!JsonEquals(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

bool JsonEquals(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return NumbersEqual(a, b);
  if (a.type() != b.type()) return false;
  if (a.is_object()) return ObjectsEqual(a, b);
  if (a.is_array()) return ArraysEqual(a, b);
  return a == b;
}

}  // namespace kube
