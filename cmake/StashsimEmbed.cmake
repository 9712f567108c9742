# stashsim_embed_files(<target> <namespace> <function> FILES f1 f2 ...): generates a source file
# that compiles the given text files into <target>, reachable as
#   std::vector<std::pair<std::string_view, std::string_view>> <namespace>::<function>()
# returning (file name, contents) pairs in the order given. Used to ship CRD manifests inside
# the binaries so they never depend on the working directory.
function(stashsim_embed_files target namespace function)
  cmake_parse_arguments(ARG "" "" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${function}_embedded.cc)
  set(script ${PROJECT_SOURCE_DIR}/cmake/StashsimEmbedScript.cmake)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} -DFUNCTION=${function}
            "-DFILES=${ARG_FILES}" -P ${script}
    DEPENDS ${ARG_FILES} ${script}
    COMMENT "Embedding ${function}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
