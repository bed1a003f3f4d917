# Empty dependencies file for licit_lib.
# This may be replaced when dependencies are built.
