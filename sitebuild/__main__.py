"""`python -m sitebuild`: the build's stages, in the order they run."""

from sitebuild.build import describe

print(describe())
