# The layering test (ctest layering/forbidden-edges): configures the stand-in project in this
# folder once with only the allowed edges, which must succeed, and once per forbidden edge of
# docs/architecture.md, which must fail with a message naming that edge. The forbidden edges are
# written out here, apart from the rules in cmake/StashsimLayering.cmake, so that loosening a
# rule there fails this test.
#
#   cmake -DSTASHSIM_SOURCE_DIR=<repo> -DWORK_DIR=<scratch> -DGENERATOR=<gen> -P check_layering.cmake
cmake_minimum_required(VERSION 3.22)

set(forbidden_edges
    # kube depends on nothing of ours.
    "stashsim_kube stashsim_kube_http" "stashsim_kube stashsim_fakecluster"
    "stashsim_kube stashsim_fakecluster_http" "stashsim_kube stashsim_reference"
    "stashsim_kube stashsim_runner"
    # The HTTP client is kube over the wire, nothing else.
    "stashsim_kube_http stashsim_fakecluster" "stashsim_kube_http stashsim_fakecluster_http"
    "stashsim_kube_http stashsim_reference" "stashsim_kube_http stashsim_runner"
    # fakecluster never on reference or runner, nor on its own HTTP front or the HTTP client.
    "stashsim_fakecluster stashsim_reference" "stashsim_fakecluster stashsim_runner"
    "stashsim_fakecluster stashsim_fakecluster_http" "stashsim_fakecluster stashsim_kube_http"
    "stashsim_fakecluster_http stashsim_reference" "stashsim_fakecluster_http stashsim_runner"
    "stashsim_fakecluster_http stashsim_kube_http"
    # reference runs against any kube::Client: never the fake cluster, HTTP or the runner.
    "stashsim_reference stashsim_fakecluster" "stashsim_reference stashsim_fakecluster_http"
    "stashsim_reference stashsim_kube_http" "stashsim_reference stashsim_runner")

set(standin ${CMAKE_CURRENT_LIST_DIR})
file(REMOVE_RECURSE ${WORK_DIR})

# configure_standin(<build-name> <edge>): sets `result` and `output` in the caller.
macro(configure_standin name edge)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${standin} -B ${WORK_DIR}/${name} -G ${GENERATOR}
            -DSTASHSIM_SOURCE_DIR=${STASHSIM_SOURCE_DIR} "-DSTASHSIM_EXTRA_EDGE=${edge}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
endmacro()

configure_standin(allowed "")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "The allowed edges alone failed the layering check:\n${output}")
endif()

set(failures "")
set(count 0)
foreach(edge IN LISTS forbidden_edges)
  separate_arguments(edge)
  list(GET edge 0 from)
  list(GET edge 1 to)
  configure_standin(${from}-${to} "${edge}")
  math(EXPR count "${count} + 1")
  if(result EQUAL 0)
    list(APPEND failures "${from} -> ${to}: configuration succeeded")
  elseif(NOT output MATCHES "${from} must not depend on ${to} \\(${from} -> ${to}\\)")
    list(APPEND failures "${from} -> ${to}: failed without naming the edge:\n${output}")
  endif()
endforeach()

# A forbidden edge reached through an allowed one is named with its path.
configure_standin(transitive "stashsim_kube;stashsim_kube_http")
if(NOT output MATCHES "stashsim_fakecluster must not depend on stashsim_kube_http \\(stashsim_fakecluster -> stashsim_kube -> stashsim_kube_http\\)")
  list(APPEND failures "kube -> kube_http did not report fakecluster's path through kube:\n${output}")
endif()

if(failures)
  list(JOIN failures "\n" message)
  message(FATAL_ERROR "Layering check misses forbidden edges:\n${message}")
endif()
message(STATUS "layering: ${count} forbidden edges each fail configuration; allowed edges pass")
file(REMOVE_RECURSE ${WORK_DIR})
