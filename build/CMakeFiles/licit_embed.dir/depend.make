# Empty dependencies file for licit_embed.
# This may be replaced when dependencies are built.
