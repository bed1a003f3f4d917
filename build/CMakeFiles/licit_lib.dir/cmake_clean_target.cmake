file(REMOVE_RECURSE
  "liblicit.a"
)
