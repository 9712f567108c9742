# stashsim_build_info(<target>): compiles into <target> a generated source defining
# runner::BuildCommit() (the git commit of the source tree at build time) and
# runner::BuildType() (CMAKE_BUILD_TYPE). The commit is read again on every build; the source
# is rewritten, and recompiled, only when it changes.
function(stashsim_build_info target)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/build_info_generated.cc)
  set(script ${PROJECT_SOURCE_DIR}/cmake/StashsimBuildInfoScript.cmake)
  add_custom_target(${target}_build_info
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DBUILD_TYPE=${CMAKE_BUILD_TYPE} -P ${script}
    BYPRODUCTS ${out}
    COMMENT "Reading the source tree's commit"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
  add_dependencies(${target} ${target}_build_info)
endfunction()
