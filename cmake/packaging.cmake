# What ships, and how: the build's name for `ordlint version`, the man page and the shell
# completions (generated at build time by the binary from its own help text), what
# `cmake --install` puts where (binary, man page, completions, licences), and the packages
# CPack makes from that (`cpack` in the build folder: a .deb and a .tar.gz; the release
# workflow publishes those of the release-static preset).

include(GNUInstallDirs)

# ---- Which build this is --------------------------------------------------------------------
set(ORDLINT_BUILD_NAME "" CACHE STRING "The build's name in `ordlint version` (the presets set it; default: the build type)")
set(ORDLINT_BUILD_DESCRIPTION "${ORDLINT_BUILD_NAME}")
if(NOT ORDLINT_BUILD_DESCRIPTION)
  set(ORDLINT_BUILD_DESCRIPTION "${CMAKE_BUILD_TYPE}")
endif()
if(ORDLINT_STATIC)
  string(APPEND ORDLINT_BUILD_DESCRIPTION ", statically linked")
elseif(ORDLINT_SANITIZE)
  string(APPEND ORDLINT_BUILD_DESCRIPTION ", AddressSanitizer + UndefinedBehaviorSanitizer")
elseif(ORDLINT_SANITIZE_THREAD)
  string(APPEND ORDLINT_BUILD_DESCRIPTION ", ThreadSanitizer")
else()
  string(APPEND ORDLINT_BUILD_DESCRIPTION ", dynamically linked")
endif()
string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" ORDLINT_PLATFORM)
string(APPEND ORDLINT_BUILD_DESCRIPTION ", ${ORDLINT_PLATFORM}, ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/build-info.cpp.in ${PROJECT_BINARY_DIR}/generated/build_info.cpp @ONLY)
target_sources(ordlint_app PRIVATE ${PROJECT_BINARY_DIR}/generated/build_info.cpp)

# Debian's architecture names, which the release archives use too.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(ORDLINT_PACKAGE_ARCH amd64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(ORDLINT_PACKAGE_ARCH arm64)
else()
  string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" ORDLINT_PACKAGE_ARCH)
endif()

# ---- Man page and completions ---------------------------------------------------------------
set(ORDLINT_DOCS_DIR ${PROJECT_BINARY_DIR}/share)
set(ORDLINT_DOCS ${ORDLINT_DOCS_DIR}/ordlint.1 ${ORDLINT_DOCS_DIR}/ordlint.bash ${ORDLINT_DOCS_DIR}/_ordlint
    ${ORDLINT_DOCS_DIR}/ordlint.fish)
add_custom_command(
  OUTPUT ${ORDLINT_DOCS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${ORDLINT_DOCS_DIR}
  COMMAND ${CMAKE_COMMAND} -DORDLINT=$<TARGET_FILE:ordlint> -DOUTPUT_DIR=${ORDLINT_DOCS_DIR}
          -P ${PROJECT_SOURCE_DIR}/cmake/generate-docs.cmake
  DEPENDS ordlint ${PROJECT_SOURCE_DIR}/cmake/generate-docs.cmake
  COMMENT "Generating the man page and shell completions")
add_custom_target(ordlint-docs ALL DEPENDS ${ORDLINT_DOCS})

# ---- Install --------------------------------------------------------------------------------
install(TARGETS ordlint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${ORDLINT_DOCS_DIR}/ordlint.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${ORDLINT_DOCS_DIR}/ordlint.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME ordlint)
install(FILES ${ORDLINT_DOCS_DIR}/ordlint.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# zsh searches $prefix/share/zsh/site-functions, except Debian's and Ubuntu's zsh, which
# searches /usr/share/zsh/vendor-completions for packages (the .deb installs under /usr; CPack
# stages it under a prefix that ends in /usr). file(INSTALL) adds DESTDIR itself.
install(CODE "
  set(zsh_dir site-functions)
  if(CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr/?$\")
    set(zsh_dir vendor-completions)
  endif()
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/\${zsh_dir}\"
       TYPE FILE FILES \"${ORDLINT_DOCS_DIR}/_ordlint\")")

# Licences: ordlint's, the bundled schemas' and CRDs' (schemas/README.md says which is whose),
# and those of the libraries compiled into the binary, as their Debian packages state them.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/schemas/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/schemas)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/licenses/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/schemas/licenses)
if(ORDLINT_STATIC)
  # What is linked in under which licence, and how to relink with another glibc (LGPL 2.1);
  # also the release notes (.github/workflows/release.yml).
  install(FILES ${PROJECT_SOURCE_DIR}/scripts/release/STATIC-LINKING.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

# One file of each library in the binary; the Debian package that owns it has the copyright.
get_target_property(ORDLINT_FMT_INCLUDES fmt::fmt-header-only INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(ORDLINT_CLI11_INCLUDES CLI11::CLI11 INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(ORDLINT_JSON_INCLUDES nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
# The archives where they are linked in, else the shared libraries.
find_library(ORDLINT_RE2_FILE NAMES re2)
find_library(ORDLINT_YAML_FILE NAMES yaml-cpp)
if(ORDLINT_STATIC)
  set(ORDLINT_RE2_FILE ${ORDLINT_RE2_ARCHIVE})
endif()
if(YAML_CPP_ARCHIVE AND NOT ORDLINT_SANITIZE)
  set(ORDLINT_YAML_FILE ${YAML_CPP_ARCHIVE})
endif()
set(ORDLINT_LIBRARY_FILES ${ORDLINT_YAML_FILE} ${ORDLINT_RE2_FILE} ${ORDLINT_FMT_INCLUDES}/fmt/format.h
    ${ORDLINT_CLI11_INCLUDES}/CLI/CLI.hpp ${ORDLINT_JSON_INCLUDES}/nlohmann/json.hpp)
if(ORDLINT_STATIC)
  foreach(archive libstdc++.a libc.a)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${archive} OUTPUT_VARIABLE file
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    list(APPEND ORDLINT_LIBRARY_FILES ${file})
  endforeach()
endif()
find_program(ORDLINT_DPKG_QUERY dpkg-query)
foreach(file IN LISTS ORDLINT_LIBRARY_FILES)
  get_filename_component(file ${file} REALPATH)
  if(ORDLINT_DPKG_QUERY)
    execute_process(COMMAND ${ORDLINT_DPKG_QUERY} -S ${file} OUTPUT_VARIABLE owner ERROR_QUIET
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
  string(REGEX REPLACE "[:,].*" "" package "${owner}")
  if(package AND EXISTS /usr/share/doc/${package}/copyright)
    install(FILES /usr/share/doc/${package}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR}/third-party
            RENAME ${package}.copyright)
  else()
    message(STATUS "ordlint: no copyright file found for ${file}: not installed with the licences")
  endif()
endforeach()
# valijson's headers come from its Debian package without the package (scripts/install-deps.sh).
find_file(ORDLINT_VALIJSON_COPYRIGHT copyright PATHS /usr/local/share/doc/valijson /usr/share/doc/libvalijson-dev
          NO_DEFAULT_PATH)
if(ORDLINT_VALIJSON_COPYRIGHT)
  install(FILES ${ORDLINT_VALIJSON_COPYRIGHT} DESTINATION ${CMAKE_INSTALL_DOCDIR}/third-party
          RENAME libvalijson-dev.copyright)
endif()

# ---- Packages -------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME ordlint)
set(CPACK_PACKAGE_VENDOR ordlint)
set(CPACK_PACKAGE_CONTACT "ordlint developers <ordlint@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "linter for Kubernetes manifests that knows pod identity")
set(CPACK_PACKAGE_DESCRIPTION
    "ordlint finds pod-identity mistakes in Kubernetes manifests (StatefulSet ordinals, Indexed Job indexes, LeaderWorkerSets, JobSets) and validates them against the bundled schemas, with the line and column of each finding. It includes a language server for editors.")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_FILE_NAME ordlint-${PROJECT_VERSION}-linux-${ORDLINT_PACKAGE_ARCH})
set(CPACK_GENERATOR TGZ DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${ORDLINT_PACKAGE_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
if(NOT ORDLINT_STATIC)
  # A dynamically linked binary depends on the libraries' packages (needs dpkg-shlibdeps).
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
include(CPack)
