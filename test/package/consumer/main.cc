// A program outside stashsim built against the installed package (test/package/): it stores a
// ConfigMap in a FakeCluster, reads it back and checks that the data survived the round trip.
// Exit status 0 only when it did.
#include <iostream>

#include "fakecluster/cluster.h"
#include "kube/clock.h"
#include "kube/gvk.h"
#include "kube/object.h"

int main() {
  kube::VirtualClock clock;
  fakecluster::FakeCluster cluster(clock, fakecluster::ClusterOptions{});

  const kube::Json data = {{"greeting", "hello from a consumer of the installed package"}};
  kube::Object config_map(kube::Json{{"apiVersion", "v1"},
                                     {"kind", "ConfigMap"},
                                     {"metadata", {{"name", "consumer"}, {"namespace", "default"}}},
                                     {"data", data}});
  const auto created = cluster.Create(config_map);
  if (!created.ok()) {
    std::cerr << "Create failed: " << created.status().message() << "\n";
    return 1;
  }
  const auto read =
      cluster.Get(kube::GroupVersionKind{"", "v1", "ConfigMap"}, "default", "consumer");
  if (!read.ok()) {
    std::cerr << "Get failed: " << read.status().message() << "\n";
    return 1;
  }
  if (read->json().value("data", kube::Json()) != data) {
    std::cerr << "read back " << read->json().dump() << ", expected data " << data.dump() << "\n";
    return 1;
  }
  std::cout << "ConfigMap default/consumer read back at resourceVersion " << read->ResourceVersion()
            << "\n";
  return 0;
}
