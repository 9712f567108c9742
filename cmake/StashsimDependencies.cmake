# Finds every third-party dependency from the system (Debian's -dev packages); nothing is
# downloaded at build time.
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(fmt REQUIRED)
if(STASHSIM_BUILD_CLI)
  find_package(CLI11 REQUIRED)
endif()
find_package(Threads REQUIRED)
if(STASHSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STASHSIM_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
include(StashsimYamlCppTarget)
# The HTTP front and client: cpp-httplib (Debian's build, with OpenSSL) found by pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# RE2 (linear-time regular expressions, the engine of the real API server's CRD `pattern`).
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(OpenSSL REQUIRED)
