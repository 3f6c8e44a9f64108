# Every third-party library comes from a Debian package that scripts/setup
# installs. Targets are found once here so folder CMakeLists only link them.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
find_library(CMARK_GFM_EXTENSIONS_LIB cmark-gfm-extensions REQUIRED)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo pangoft2 cairo-pdf fontconfig)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(pugixml REQUIRED)
find_package(yaml-cpp REQUIRED)

add_library(s2d_cmark_gfm INTERFACE)
target_link_libraries(s2d_cmark_gfm INTERFACE PkgConfig::CMARK_GFM ${CMARK_GFM_EXTENSIONS_LIB})

find_package(fmt REQUIRED)          # before restinio: its config links fmt::fmt without finding it
find_package(restinio REQUIRED)     # also for the request-edge fuzz target

if(S2D_FUZZ)
  return()
endif()

find_package(RocksDB REQUIRED)
find_package(CURL REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)

# libcaf-dev ships no CMake config and no .pc file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIB caf_core REQUIRED)
find_library(CAF_IO_LIB caf_io REQUIRED)
add_library(CAF::core INTERFACE IMPORTED)
set_target_properties(CAF::core PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${CAF_CORE_LIB};Threads::Threads")
add_library(CAF::io INTERFACE IMPORTED)
set_target_properties(CAF::io PROPERTIES
  INTERFACE_LINK_LIBRARIES "${CAF_IO_LIB};CAF::core")
