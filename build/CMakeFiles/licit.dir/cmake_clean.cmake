file(REMOVE_RECURSE
  "CMakeFiles/licit.dir/src/cli/main.c.o"
  "CMakeFiles/licit.dir/src/cli/main.c.o.d"
  "licit"
  "licit.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/licit.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
