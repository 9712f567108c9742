# The layering of docs/architecture.md as a configure-time check. Each of our library targets
# lists the others it may depend on; any other of our targets it reaches, through a link of any
# kind (PUBLIC, PRIVATE, INTERFACE, transitively), fails configuration with the edge named.
#
#   stashsim_check_layering()   call once every target is defined (end of the top-level file)
#
# A target that does not exist (e.g. the runner when STASHSIM_BUILD_CLI is OFF) is skipped.

# The rules: STASHSIM_LAYER_<target> is what <target> may depend on among STASHSIM_LAYERED_TARGETS.
set(STASHSIM_LAYERED_TARGETS
    stashsim_kube stashsim_kube_http stashsim_fakecluster stashsim_fakecluster_http
    stashsim_reference stashsim_runner)
set(STASHSIM_LAYER_stashsim_kube "")
set(STASHSIM_LAYER_stashsim_kube_http stashsim_kube)
set(STASHSIM_LAYER_stashsim_fakecluster stashsim_kube)
set(STASHSIM_LAYER_stashsim_fakecluster_http stashsim_fakecluster stashsim_kube)
set(STASHSIM_LAYER_stashsim_reference stashsim_kube)
set(STASHSIM_LAYER_stashsim_runner
    stashsim_kube stashsim_kube_http stashsim_fakecluster stashsim_fakecluster_http
    stashsim_reference)

# Breadth-first walk of everything <target> links; <out_prefix>_REACHED lists the real target
# names reached, and <out_prefix>_VIA_<name> the target it was first reached from.
function(_stashsim_walk_links target out_prefix)
  set(reached "")
  set(queue ${target})
  set(via_${target} "")
  while(queue)
    list(POP_FRONT queue current)
    if(NOT TARGET ${current})
      continue()
    endif()
    get_target_property(aliased ${current} ALIASED_TARGET)
    if(aliased)
      set(real ${aliased})
    else()
      set(real ${current})
    endif()
    if(real IN_LIST reached)
      continue()
    endif()
    list(APPEND reached ${real})
    set(${out_prefix}_VIA_${real} "${via_${current}}" PARENT_SCOPE)
    foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(links ${real} ${prop})
      if(NOT links)
        continue()
      endif()
      foreach(link IN LISTS links)
        # A static library's private dependency shows up as $<LINK_ONLY:dep>.
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" link "${link}")
        if(NOT DEFINED via_${link})
          set(via_${link} ${real})
        endif()
        list(APPEND queue ${link})
      endforeach()
    endforeach()
  endwhile()
  set(${out_prefix}_REACHED ${reached} PARENT_SCOPE)
endfunction()

# "a -> b -> c": the path by which <from> reached <to>, from the walk's VIA_ entries.
function(_stashsim_link_path from to out_prefix out)
  set(path ${to})
  set(current ${to})
  while(NOT current STREQUAL from AND ${out_prefix}_VIA_${current})
    set(current ${${out_prefix}_VIA_${current}})
    list(PREPEND path ${current})
  endwhile()
  list(JOIN path " -> " joined)
  set(${out} "${joined}" PARENT_SCOPE)
endfunction()

function(stashsim_check_layering)
  set(violations "")
  foreach(target IN LISTS STASHSIM_LAYERED_TARGETS)
    if(NOT TARGET ${target})
      continue()
    endif()
    _stashsim_walk_links(${target} walk)
    foreach(other IN LISTS STASHSIM_LAYERED_TARGETS)
      if(other STREQUAL target OR other IN_LIST STASHSIM_LAYER_${target})
        continue()
      endif()
      if(other IN_LIST walk_REACHED)
        _stashsim_link_path(${target} ${other} walk path)
        list(APPEND violations "  ${target} must not depend on ${other} (${path})")
      endif()
    endforeach()
  endforeach()
  if(violations)
    list(JOIN violations "\n" message)
    message(FATAL_ERROR "Layering violated (see docs/architecture.md):\n${message}")
  endif()
endfunction()
