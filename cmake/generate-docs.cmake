# Build step (cmake/packaging.cmake): the man page and the shell completions, printed by the
# freshly built binary from its own command-line definition, the one `--help` shows.
# In: ORDLINT (the binary), OUTPUT_DIR.
foreach(item "manpage;ordlint.1" "completion;bash;ordlint.bash" "completion;zsh;_ordlint" "completion;fish;ordlint.fish")
  list(POP_BACK item file)
  execute_process(COMMAND ${ORDLINT} ${item} OUTPUT_FILE ${OUTPUT_DIR}/${file} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "`ordlint ${item}` failed (${status})")
  endif()
endforeach()
