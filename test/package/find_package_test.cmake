# The package test (ctest package/find-package): installs the stashsim build into a scratch
# prefix, checks that every public header of the exported libraries is there, then configures,
# builds and runs the scratch project in consumer/ against that prefix. Any step failing fails
# the test with that step's output.
#
#   cmake -DBUILD_DIR=<stashsim build> -DSOURCE_DIR=<stashsim source> -DWORK_DIR=<scratch>
#         -DGENERATOR=<gen> -DCXX_COMPILER=<c++> -DBUILD_TYPE=<config>
#         [-DCXX_FLAGS=...] [-DLINKER_FLAGS=...] [-DLAUNCHER=<ccache>] -P find_package_test.cmake
cmake_minimum_required(VERSION 3.22)

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer)
file(REMOVE_RECURSE ${WORK_DIR})

# run_step(<what> COMMAND ...): runs the command, fails the test with its output if it fails.
function(run_step what)
  cmake_parse_arguments(ARG "" "" "COMMAND" ${ARGN})
  execute_process(COMMAND ${ARG_COMMAND} RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${result}):\n${output}")
  endif()
  message(STATUS "${what}: ok")
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

run_step("install into ${prefix}"
         COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --config ${BUILD_TYPE})

set(missing "")
foreach(part IN ITEMS kube fakecluster reference)
  file(GLOB headers RELATIVE ${SOURCE_DIR}/${part}/include ${SOURCE_DIR}/${part}/include/${part}/*.h)
  if(NOT headers)
    list(APPEND missing "(no headers found in ${SOURCE_DIR}/${part}/include/${part})")
  endif()
  foreach(header IN LISTS headers)
    if(NOT EXISTS ${prefix}/include/stashsim/${header})
      list(APPEND missing include/stashsim/${header})
    endif()
  endforeach()
endforeach()
if(missing)
  list(JOIN missing "\n  " missing)
  message(FATAL_ERROR "Public headers missing from the installed package:\n  ${missing}")
endif()

set(configure_args -S ${CMAKE_CURRENT_LIST_DIR}/consumer -B ${consumer_build} -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=${BUILD_TYPE}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
if(LAUNCHER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
run_step("configure the consumer (find_package(stashsim))" COMMAND ${CMAKE_COMMAND} ${configure_args})
run_step("build the consumer" COMMAND ${CMAKE_COMMAND} --build ${consumer_build})
run_step("run the consumer" COMMAND ${consumer_build}/consumer)
message(STATUS "${step_output}")
file(REMOVE_RECURSE ${WORK_DIR})
