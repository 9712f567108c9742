// The floor of a bench run: the least work reconciling one target must do, timed in the same
// process so a result can be stated as a multiple of it (floor_ratio). Per target: copy two
// rendered objects of kFloorObjectBytes (a Repository and a BackupConfiguration) into hash-map
// stores keyed "<namespace>/<name>", insert into two hash indexes (by the object's uid and by
// its owner's uid), and append one event record. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace runner {

inline constexpr size_t kFloorObjectBytes = 600;

class FloorWorkload {
 public:
  // Prepares (untimed) the keys and uids of `targets` targets and the two rendered texts.
  explicit FloorWorkload(size_t targets);

  // Does the floor work for every target into the stores, which must be empty (new, or
  // Clear()ed: freeing them is not part of the work), and returns a checksum of what it stored
  // so the work cannot be optimised away.
  size_t Run();
  void Clear();

  size_t Targets() const { return keys_.size(); }
  const std::string& RepositoryText() const { return repository_text_; }
  const std::string& ConfigurationText() const { return configuration_text_; }

 private:
  struct EventRecord {
    std::string involved;
    uint64_t sequence;
  };
  std::vector<std::string> keys_;
  std::vector<std::string> uids_;
  std::string repository_text_;
  std::string configuration_text_;
  std::unordered_map<std::string, std::string> repositories_;
  std::unordered_map<std::string, std::string> configurations_;
  std::unordered_map<std::string, const std::string*> by_uid_;
  std::unordered_map<std::string, const std::string*> by_owner_;
  std::vector<EventRecord> events_;
};

// The floor in nanoseconds per target at this many targets: the best of at least three passes
// of FloorWorkload::Run (more for small counts, until 50 ms have been timed, at most 50 passes).
double MeasureFloorNsPerTarget(size_t targets);

}  // namespace runner
