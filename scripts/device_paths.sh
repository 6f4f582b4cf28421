# Sourced by scripts/device_prebuild.sh (here) and scripts/device_session.sh
# (on the device): where a prebuilt build lives, and which files it was built
# from. Both sides must agree, so they are defined once.

# Build trees hold absolute paths; the prebuilt is made and run at this one
# (see scripts/device_prebuild.sh for why).
PREBUILT_ROOT=/tmp/priorsweep-device
# SHA-256 of every file the build compiles, inside the build folder.
PREBUILT_MANIFEST=prebuilt-sources.sha256

# The files a build compiles or configures from, NUL-separated, relative to
# the tree root (the current folder): CMake files and C++/CUDA sources. Data,
# configs and scripts are read at run time from the tree itself, so a change
# to them needs no new prebuilt.
prebuilt_sources() {
  { printf '%s\0' CMakeLists.txt
    find host models kernels tests bench -type f \
      \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cu' -o -name '*.cuh' \
         -o -name CMakeLists.txt -o -name '*.cmake' \) -print0
  } | sort -z
}
