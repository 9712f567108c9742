// The BackupConfiguration of the spec's worked example (default-backup.md section 8, template
// era), with the owner uid written as "U" as the spec does. Shared by the tests that check the
// CRD schema accepts it and that the reference generates it.
#pragma once

#include <nlohmann/json.hpp>

namespace stashsim_testing {

inline nlohmann::json WorkedExampleBackupConfiguration() {
  return nlohmann::json::parse(R"({
    "apiVersion": "stash.appscode.com/v1beta1",
    "kind": "BackupConfiguration",
    "metadata": {
      "name": "deployment-stash-demo",
      "namespace": "demo",
      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "stash-demo",
                           "uid": "U", "blockOwnerDeletion": false}]
    },
    "spec": {
      "repository": {"name": "deployment-stash-demo"},
      "schedule": "*/5 * * * *",
      "retentionPolicy": {"name": "keep-last-5", "keepLast": 5, "prune": true},
      "target": {
        "ref": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "stash-demo"},
        "directories": ["/source/data-1", "/source/data-2"],
        "volumeMounts": [{"name": "source-data-1", "mountPath": "/source/data-1"},
                         {"name": "source-data-2", "mountPath": "/source/data-2"}]
      },
      "runtimeSettings": {},
      "task": {},
      "tempDir": {}
    }
  })");
}

}  // namespace stashsim_testing
