# ordlint_write_if_changed(PATH CONTENT): writes CONTENT to PATH unless PATH already holds
# exactly that, so that a generated source regenerated unchanged does not rebuild what
# depends on it. Included by the embed-*.cmake scripts.
function(ordlint_write_if_changed path content)
  if(EXISTS "${path}")
    file(READ "${path}" old)
    if(old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE "${path}" "${content}")
endfunction()
