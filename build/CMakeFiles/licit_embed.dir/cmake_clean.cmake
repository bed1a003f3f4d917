file(REMOVE_RECURSE
  "CMakeFiles/licit_embed.dir/tools/embed.c.o"
  "CMakeFiles/licit_embed.dir/tools/embed.c.o.d"
  "licit_embed"
  "licit_embed.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/licit_embed.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
