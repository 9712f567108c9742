// ChildProcess: an implementation under test started as `/bin/sh -c "exec COMMAND"` in its own
// process group, with extra environment variables and its stdout and stderr in one log file.
// Stop() sends SIGTERM to the group, then SIGKILL after a grace period.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>

#include "kube/status.h"

namespace runner {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { Stop(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  kube::Status Start(const std::string& command, const std::map<std::string, std::string>& env,
                     const std::string& log_path);
  // SIGTERM to the process group, SIGKILL after `grace_ms`. Returns how it ended (nullopt if it
  // was not running).
  std::optional<std::string> Stop(int grace_ms = 5000);
  // The exit description when the process has ended on its own ("exited with status 3",
  // "killed by signal 11"), nullopt while it runs.
  std::optional<std::string> Exited();
  bool Running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// The last `bytes` of a file (for failure reports).
std::string FileTail(const std::string& path, size_t bytes);

}  // namespace runner
