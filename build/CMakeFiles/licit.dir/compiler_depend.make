# Empty compiler generated dependencies file for licit.
# This may be replaced when dependencies are built.
