# The subdirectory test (ctest package/add-subdirectory): configures subproject/, which adds
# stashsim with add_subdirectory and checks what it gets, in a fresh build folder each time so
# that no cached option hides a changed default.
#
#   cmake -DSOURCE_DIR=<stashsim source> -DWORK_DIR=<scratch> -DGENERATOR=<gen>
#         -DCXX_COMPILER=<c++> -P add_subdirectory_test.cmake
cmake_minimum_required(VERSION 3.22)

file(REMOVE_RECURSE ${WORK_DIR})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/subproject -B ${WORK_DIR} -G ${GENERATOR}
          -DSTASHSIM_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "Configuring a project that adds stashsim as a subdirectory failed:\n${output}")
endif()
if(NOT output MATCHES "stashsim as a subdirectory: libraries only, options OFF")
  message(FATAL_ERROR "The subproject's checks did not run:\n${output}")
endif()
message(STATUS "stashsim as a subdirectory: libraries only, options OFF")
file(REMOVE_RECURSE ${WORK_DIR})
