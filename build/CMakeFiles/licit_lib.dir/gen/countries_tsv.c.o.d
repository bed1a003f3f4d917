CMakeFiles/licit_lib.dir/gen/countries_tsv.c.o: \
 /work/main/build/gen/countries_tsv.c /usr/include/stdc-predef.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h
