# ORDLINT_STATIC: `ordlint` as one self-contained executable (the release-static preset), so
# that a binary built on Debian 12 starts on any Linux of the same architecture: libstdc++,
# libgcc, glibc, yaml-cpp and re2 linked in from their static archives, fmt header-only.
#
# glibc is linked statically too. That is safe for ordlint because it calls none of the glibc
# functions that load shared objects at run time: no NSS (getpwnam, getaddrinfo, ...), no
# iconv, no dlopen, no locale other than "C" (it never calls setlocale). The link proves it:
# glibc's linker warnings for those functions ("Using 'getpwnam' in statically linked
# applications requires at runtime the shared libraries ...") are made fatal below, so a
# change that starts using one fails the build instead of shipping a binary that breaks on
# another distribution. `-static-pie` keeps address-space randomization.
#
# Out: ORDLINT_FMT_LIBRARY, ORDLINT_RE2_LIBRARY (what ordlint_core links) and
# ORDLINT_EXECUTABLE_LINK_OPTIONS (what the ordlint executable links with).

option(ORDLINT_STATIC "Link the ordlint executable statically (glibc, libstdc++, yaml-cpp, re2, fmt)" OFF)

if(NOT ORDLINT_STATIC)
  set(ORDLINT_FMT_LIBRARY fmt::fmt)
  set(ORDLINT_RE2_LIBRARY PkgConfig::RE2)
  set(ORDLINT_EXECUTABLE_LINK_OPTIONS "")
  return()
endif()

if(ORDLINT_SANITIZE OR ORDLINT_SANITIZE_THREAD)
  message(FATAL_ERROR "ORDLINT_STATIC cannot be combined with the sanitizer builds")
endif()
if(NOT YAML_CPP_ARCHIVE)
  message(FATAL_ERROR "ORDLINT_STATIC needs libyaml-cpp.a (Debian: libyaml-cpp-dev)")
endif()
find_library(ORDLINT_RE2_ARCHIVE NAMES libre2.a REQUIRED)
add_library(ordlint_re2_static STATIC IMPORTED)
set_target_properties(ordlint_re2_static PROPERTIES
  IMPORTED_LOCATION ${ORDLINT_RE2_ARCHIVE}
  INTERFACE_INCLUDE_DIRECTORIES "${RE2_INCLUDE_DIRS}"
  INTERFACE_COMPILE_OPTIONS "${RE2_CFLAGS_OTHER}")

set(ORDLINT_FMT_LIBRARY fmt::fmt-header-only)
set(ORDLINT_RE2_LIBRARY ordlint_re2_static)
set(ORDLINT_EXECUTABLE_LINK_OPTIONS -static-pie LINKER:--fatal-warnings)
