
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/build/gen/countries_tsv.c" "CMakeFiles/licit_lib.dir/gen/countries_tsv.c.o" "gcc" "CMakeFiles/licit_lib.dir/gen/countries_tsv.c.o.d"
  "/work/main/src/api/version.c" "CMakeFiles/licit_lib.dir/src/api/version.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/api/version.c.o.d"
  "/work/main/src/model/date.c" "CMakeFiles/licit_lib.dir/src/model/date.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/model/date.c.o.d"
  "/work/main/src/model/entity.c" "CMakeFiles/licit_lib.dir/src/model/entity.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/model/entity.c.o.d"
  "/work/main/src/sources/csl_csv.c" "CMakeFiles/licit_lib.dir/src/sources/csl_csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/csl_csv.c.o.d"
  "/work/main/src/sources/csv.c" "CMakeFiles/licit_lib.dir/src/sources/csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/csv.c.o.d"
  "/work/main/src/sources/dpl_txt.c" "CMakeFiles/licit_lib.dir/src/sources/dpl_txt.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/dpl_txt.c.o.d"
  "/work/main/src/sources/eu_fsf_xml.c" "CMakeFiles/licit_lib.dir/src/sources/eu_fsf_xml.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/eu_fsf_xml.c.o.d"
  "/work/main/src/sources/ftm_json.c" "CMakeFiles/licit_lib.dir/src/sources/ftm_json.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/ftm_json.c.o.d"
  "/work/main/src/sources/internal_csv.c" "CMakeFiles/licit_lib.dir/src/sources/internal_csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/internal_csv.c.o.d"
  "/work/main/src/sources/ofac_csv.c" "CMakeFiles/licit_lib.dir/src/sources/ofac_csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/ofac_csv.c.o.d"
  "/work/main/src/sources/ofac_xml.c" "CMakeFiles/licit_lib.dir/src/sources/ofac_xml.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/ofac_xml.c.o.d"
  "/work/main/src/sources/os_simple_csv.c" "CMakeFiles/licit_lib.dir/src/sources/os_simple_csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/os_simple_csv.c.o.d"
  "/work/main/src/sources/registry.c" "CMakeFiles/licit_lib.dir/src/sources/registry.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/registry.c.o.d"
  "/work/main/src/sources/uk_ofsi_csv.c" "CMakeFiles/licit_lib.dir/src/sources/uk_ofsi_csv.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/uk_ofsi_csv.c.o.d"
  "/work/main/src/sources/un_xml.c" "CMakeFiles/licit_lib.dir/src/sources/un_xml.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/sources/un_xml.c.o.d"
  "/work/main/src/text/country.c" "CMakeFiles/licit_lib.dir/src/text/country.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/text/country.c.o.d"
  "/work/main/src/text/normalize.c" "CMakeFiles/licit_lib.dir/src/text/normalize.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/text/normalize.c.o.d"
  "/work/main/src/util/alloc.c" "CMakeFiles/licit_lib.dir/src/util/alloc.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/alloc.c.o.d"
  "/work/main/src/util/arena.c" "CMakeFiles/licit_lib.dir/src/util/arena.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/arena.c.o.d"
  "/work/main/src/util/buf.c" "CMakeFiles/licit_lib.dir/src/util/buf.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/buf.c.o.d"
  "/work/main/src/util/error.c" "CMakeFiles/licit_lib.dir/src/util/error.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/error.c.o.d"
  "/work/main/src/util/fileio.c" "CMakeFiles/licit_lib.dir/src/util/fileio.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/fileio.c.o.d"
  "/work/main/src/util/hashmap.c" "CMakeFiles/licit_lib.dir/src/util/hashmap.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/hashmap.c.o.d"
  "/work/main/src/util/sha256.c" "CMakeFiles/licit_lib.dir/src/util/sha256.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/sha256.c.o.d"
  "/work/main/src/util/utf8.c" "CMakeFiles/licit_lib.dir/src/util/utf8.c.o" "gcc" "CMakeFiles/licit_lib.dir/src/util/utf8.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
