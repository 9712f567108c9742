# Makes sure yaml-cpp::yaml-cpp exists once yaml-cpp is found: yaml-cpp 0.7 exports only the
# target "yaml-cpp" without a namespace; newer releases add yaml-cpp::yaml-cpp. Used by the build
# and by the installed package config (stashsimConfig.cmake), whose libraries link it.
if(NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp INTERFACE IMPORTED)
  set_target_properties(yaml-cpp::yaml-cpp PROPERTIES INTERFACE_LINK_LIBRARIES yaml-cpp)
endif()
