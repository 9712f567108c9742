# Install rules and the CMake package: `cmake --install <build> --prefix <dir>` puts the
# libraries stashsim::kube, stashsim::fakecluster and stashsim::reference (static by default),
# their public headers under include/stashsim/<part>/, the stashsim tool when built, and
# lib/cmake/stashsim/ so that another project can
#   find_package(stashsim CONFIG REQUIRED)
#   target_link_libraries(my_tests PRIVATE stashsim::fakecluster)
# The ctest package/find-package (test/package/) does exactly that.
include(CMakePackageConfigHelpers)

set(STASHSIM_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/stashsim)
set(STASHSIM_EXPORTED_PARTS kube fakecluster reference)

foreach(part IN LISTS STASHSIM_EXPORTED_PARTS)
  set_target_properties(stashsim_${part} PROPERTIES EXPORT_NAME ${part})
  install(TARGETS stashsim_${part} EXPORT stashsimTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT stashsim_development
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT stashsim_runtime
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT stashsim_runtime)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${part}/include/${part}
          DESTINATION ${STASHSIM_INSTALL_INCLUDEDIR} COMPONENT stashsim_development
          FILES_MATCHING PATTERN "*.h")
endforeach()

if(TARGET stashsim)
  install(TARGETS stashsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT stashsim_runtime)
endif()

install(EXPORT stashsimTargets NAMESPACE stashsim:: DESTINATION ${STASHSIM_INSTALL_CMAKEDIR}
        COMPONENT stashsim_development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/stashsimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/stashsimConfig.cmake
                              INSTALL_DESTINATION ${STASHSIM_INSTALL_CMAKEDIR})
# 0.x: a minor release may change the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/stashsimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/stashsimConfig.cmake
              ${PROJECT_BINARY_DIR}/stashsimConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/StashsimYamlCppTarget.cmake
        DESTINATION ${STASHSIM_INSTALL_CMAKEDIR} COMPONENT stashsim_development)
