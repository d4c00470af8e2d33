# CMake toolchain for aarch64 Debian 12 gateways: Debian's cross compiler
# (crossbuild-essential-arm64) against the arm64 sysroot that
# cross/make-arm64-sysroot.sh unpacks into cross/sysroot-arm64/.
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cross/aarch64-linux-gnu.cmake
# Every header, library, CMake package and .pc file must come from the
# sysroot: anything found in the host's /usr would be built for x86-64.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# REALPATH: ld only maps absolute paths inside linker scripts (libc.so, libm.so)
# into the sysroot when the script's own path starts with the sysroot as given.
get_filename_component(AEGIS_ARM64_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/sysroot-arm64" REALPATH)
if(NOT EXISTS "${AEGIS_ARM64_SYSROOT}/.aegis-sysroot-stamp")
  message(FATAL_ERROR "arm64 sysroot missing or incomplete at ${AEGIS_ARM64_SYSROOT}: "
    "run cross/install-deps.sh --arm64")
endif()

find_program(AEGIS_ARM64_CXX aarch64-linux-gnu-g++ NO_CMAKE_FIND_ROOT_PATH)
find_program(AEGIS_ARM64_CC aarch64-linux-gnu-gcc NO_CMAKE_FIND_ROOT_PATH)
if(NOT AEGIS_ARM64_CXX OR NOT AEGIS_ARM64_CC)
  message(FATAL_ERROR "aarch64-linux-gnu-gcc/g++ not found: run cross/install-deps.sh --arm64 "
    "(installs crossbuild-essential-arm64)")
endif()
set(CMAKE_C_COMPILER "${AEGIS_ARM64_CC}")
set(CMAKE_CXX_COMPILER "${AEGIS_ARM64_CXX}")

set(CMAKE_SYSROOT "${AEGIS_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${AEGIS_ARM64_SYSROOT}")
# Build tools (pkg-config, the compilers) run on the host; everything linked
# into aegisd comes from the sysroot only.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg_check_modules (sqlite3, libsystemd): read only the sysroot's .pc files and
# prefix the paths they print with the sysroot.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${AEGIS_ARM64_SYSROOT}")
set(ENV{PKG_CONFIG_LIBDIR}
  "${AEGIS_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${AEGIS_ARM64_SYSROOT}/usr/share/pkgconfig")
unset(ENV{PKG_CONFIG_PATH})

# Lets try_run and any test run aarch64 binaries; -L makes qemu load the
# sysroot's dynamic loader and libraries instead of looking in the host's /lib.
find_program(AEGIS_QEMU_AARCH64 qemu-aarch64 NO_CMAKE_FIND_ROOT_PATH)
if(AEGIS_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${AEGIS_QEMU_AARCH64};-L;${AEGIS_ARM64_SYSROOT}")
else()
  message(WARNING "qemu-aarch64 not found (package qemu-user): aarch64 binaries cannot be run on this host")
endif()
