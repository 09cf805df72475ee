# Stands in for PyInstaller's run-time hooks of modules Moodtune does not use at run time
# (see rthooks.dat): the bundle starts without importing them.
