# add_scenario_tests(<dir>): one ctest test per scenario file under <dir> (fixtures and schema
# excluded), named "scenario/<file stem>", labelled "conformance". Each runs
# `stashsim run <file>`, which checks every profile the scenario declares.
function(add_scenario_tests dir)
  file(GLOB_RECURSE scenario_files CONFIGURE_DEPENDS ${dir}/*.yaml)
  list(SORT scenario_files)
  foreach(file IN LISTS scenario_files)
    if(file MATCHES "/(fixtures|schema)/")
      continue()
    endif()
    get_filename_component(stem ${file} NAME_WE)
    add_test(NAME scenario/${stem}
             COMMAND $<TARGET_FILE:stashsim> run ${file} --color never)
    set_tests_properties(scenario/${stem} PROPERTIES LABELS "conformance")
  endforeach()
endfunction()
