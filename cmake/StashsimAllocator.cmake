# The memory allocator the stashsim command and the benchmark programs link: the reconciliation
# data path allocates many small JSON nodes, and a faster malloc measurably helps there
# (bench/README.md, "Allocator"). STASHSIM_ALLOCATOR is mimalloc (Debian libmimalloc-dev,
# the default), tcmalloc (libgoogle-perftools-dev, the minimal library) or system. Sanitizer
# builds use system: a replacement malloc hides what AddressSanitizer is there to find.
# Libraries never link an allocator: the choice belongs to the program.
set(STASHSIM_ALLOCATOR "mimalloc" CACHE STRING "malloc for stashsim and benchmarks: mimalloc, tcmalloc or system")
set_property(CACHE STASHSIM_ALLOCATOR PROPERTY STRINGS mimalloc tcmalloc system)

if(STASHSIM_ALLOCATOR STREQUAL "mimalloc")
  find_package(mimalloc REQUIRED)
  set(STASHSIM_ALLOCATOR_LIBRARY mimalloc)
elseif(STASHSIM_ALLOCATOR STREQUAL "tcmalloc")
  pkg_check_modules(TCMALLOC REQUIRED IMPORTED_TARGET libtcmalloc_minimal)
  set(STASHSIM_ALLOCATOR_LIBRARY PkgConfig::TCMALLOC)
elseif(STASHSIM_ALLOCATOR STREQUAL "system")
  set(STASHSIM_ALLOCATOR_LIBRARY "")
else()
  message(FATAL_ERROR "STASHSIM_ALLOCATOR must be mimalloc, tcmalloc or system, not "
                      "\"${STASHSIM_ALLOCATOR}\"")
endif()

# Links the chosen allocator into an executable. --no-as-needed keeps the library even though
# no symbol is referenced by name: it replaces malloc and free by being loaded first.
function(stashsim_link_allocator target)
  if(STASHSIM_ALLOCATOR_LIBRARY)
    target_link_libraries(${target} PRIVATE -Wl,--no-as-needed ${STASHSIM_ALLOCATOR_LIBRARY}
                                            -Wl,--as-needed)
  endif()
endfunction()
