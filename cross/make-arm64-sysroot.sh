#!/usr/bin/env bash
# Builds cross/sysroot-arm64/: the Debian 12 arm64 -dev packages named on the
# command line plus their dependency closure, unpacked (never installed) so the
# aarch64 cross compiler can build against them. apt cannot install them beside
# the host's amd64 copies: libxgboost-dev and libyaml-cpp-dev are not multi-arch.
#   cross/make-arm64-sysroot.sh PKG...      (normally run by cross/install-deps.sh --arm64)
# Debs are cached in cross/debs-arm64/. Idempotent: when the sysroot was built
# from the same package list it does nothing and needs no network. A different
# list rebuilds the sysroot from scratch, reusing cached debs.
set -euo pipefail

CROSS_DIR=$(cd "$(dirname "$0")" && pwd)
SYSROOT="$CROSS_DIR/sysroot-arm64"
DEB_CACHE="$CROSS_DIR/debs-arm64"
STAMP="$SYSROOT/.aegis-sysroot-stamp"
MANIFEST="$SYSROOT/.aegis-sysroot-packages"
ARCH=arm64
STAMP_FORMAT="aegis arm64 sysroot, format 1"

die() { echo "make-arm64-sysroot: error: $*" >&2; exit 1; }
say() { echo "make-arm64-sysroot: $*" >&2; }

if [ "$#" -eq 0 ]; then
  die "no packages given. usage: $0 PKG... (e.g. libc6-dev libstdc++-12-dev)"
fi

# Order-independent, so callers may list packages in any order.
REQUESTED=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
REQUESTED=${REQUESTED% }
STAMP_TEXT=$(printf '%s\nrequested: %s\n' "$STAMP_FORMAT" "$REQUESTED")

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_TEXT" ]; then
  say "up to date ($SYSROOT)"
  exit 0
fi

for tool in dpkg dpkg-deb apt-get apt-cache tar sha256sum realpath flock; do
  command -v "$tool" >/dev/null || die "'$tool' not found; this script needs a Debian host with apt and dpkg"
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and sudo is missing: cannot run dpkg --add-architecture / apt-get update"
  SUDO="sudo"
fi

mkdir -p "$DEB_CACHE"
# Two concurrent runs would download into and unpack over each other.
exec 9>"$DEB_CACHE/.lock"
flock 9

# --- 1. arm64 package lists ------------------------------------------------
# (grep -q on a pipe would make pipefail report apt's SIGPIPE as a failure.)
arm64_lists_present() {
  local policy
  policy=$(apt-cache policy "libc6:$ARCH" 2>/dev/null) || return 1
  grep -q 'Candidate: [0-9]' <<< "$policy"
}
foreign_archs=$(dpkg --print-foreign-architectures)
if ! grep -qx "$ARCH" <<< "$foreign_archs"; then
  say "enabling the $ARCH architecture in dpkg (only its package lists are used; nothing is installed)"
  $SUDO dpkg --add-architecture "$ARCH" || die "dpkg --add-architecture $ARCH failed"
fi
if ! arm64_lists_present; then
  say "fetching package lists for $ARCH (apt-get update)"
  $SUDO apt-get update -q >&2 || die "apt-get update failed; check network access to the Debian mirror"
  arm64_lists_present || die "apt has no $ARCH packages even after apt-get update; does the apt source list $ARCH?"
fi

# --- 2. dependency closure -------------------------------------------------
# A requested name is taken as its arm64 build, or as its arch-independent
# ("all") build for header-only packages such as nlohmann-json3-dev.
field_of() { # field_of FIELD PKGSPEC: the candidate's control field, empty if none
  apt-cache show --no-all-versions "$2" 2>/dev/null | sed -n "s/^$1: //p"
}
roots=()
for pkg in "$@"; do
  case "$pkg" in
    *:*) die "give plain package names without an architecture, not '$pkg'" ;;
  esac
  if [ "$(field_of Architecture "$pkg:$ARCH")" = "$ARCH" ]; then
    roots+=("$pkg:$ARCH")
  elif [ "$(field_of Architecture "$pkg")" = "all" ]; then
    roots+=("$pkg")
  else
    die "package '$pkg' has no $ARCH or arch-independent version in the apt lists (misspelt, or not in Debian 12?)"
  fi
done

say "resolving the dependency closure of ${#roots[@]} packages"
depends_out=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${roots[@]}") \
  || die "apt-cache depends failed for: ${roots[*]}"
# Top-level lines name every package visited; <name> lines are virtual. The
# walk also visits amd64 (unqualified) providers of Multi-Arch: foreign tools:
# of the unqualified names only arch-independent ones belong in the sysroot.
mapfile -t visited < <(printf '%s\n' "$depends_out" | grep -v '^[[:space:]<]' | sort -u)
wanted=()
unqualified=()
for name in "${visited[@]}"; do
  case "$name" in
    *:"$ARCH") wanted+=("$name") ;;
    *:*) ;;
    *) unqualified+=("$name") ;;
  esac
done
if [ "${#unqualified[@]}" -gt 0 ]; then
  mapfile -t arch_all < <(apt-cache show --no-all-versions "${unqualified[@]}" 2>/dev/null |
    awk '/^Package: /{p=$2} /^Architecture: all$/{print p}' | sort -u)
  wanted+=("${arch_all[@]}")
fi

# One line per deb: package version arch sha256 (from the apt lists, so the
# cache can be checked without network).
manifest=$(apt-cache show --no-all-versions "${wanted[@]}" |
  awk '/^Package: /{p=$2} /^Version: /{v=$2} /^Architecture: /{a=$2} /^SHA256: /{s=$2}
       /^$/{if (p != "") print p, v, a, s; p=""} END{if (p != "") print p, v, a, s}' | sort -u) \
  || die "apt-cache show failed while listing the closure"
count=$(printf '%s\n' "$manifest" | grep -c .)
[ "$count" -eq "${#wanted[@]}" ] || die "expected ${#wanted[@]} packages in the closure but apt-cache show described $count"

# apt-get download names a file package_version_arch.deb with ':' (epoch) as %3a.
deb_name() { echo "${1}_${2//:/%3a}_${3}.deb"; }

# --- 3. download what the cache lacks -----------------------------------------
to_download=()
while read -r pkg ver arch sha; do
  file="$DEB_CACHE/$(deb_name "$pkg" "$ver" "$arch")"
  if [ -f "$file" ] && [ "$(sha256sum < "$file" | cut -d' ' -f1)" = "$sha" ]; then continue; fi
  rm -f "$file"
  to_download+=("$pkg:$arch=$ver")
done <<< "$manifest"

if [ "${#to_download[@]}" -gt 0 ]; then
  say "downloading ${#to_download[@]} of $count debs into $DEB_CACHE"
  staging="$DEB_CACHE/.download"
  rm -rf "$staging" && mkdir -p "$staging"
  # Root's apt drops privileges to _apt, which cannot write into this tree.
  sandbox=()
  if [ "$(id -u)" -eq 0 ]; then sandbox=(-o APT::Sandbox::User=root); fi
  (cd "$staging" && apt-get download -q "${sandbox[@]}" "${to_download[@]}" >&2) \
    || die "apt-get download failed; check network access to the Debian mirror (see messages above)"
  mv "$staging"/*.deb "$DEB_CACHE"/
  rmdir "$staging"
fi

# Cached debs of versions no longer wanted (e.g. after a security update).
declare -A keep=()
while read -r pkg ver arch sha; do
  file="$(deb_name "$pkg" "$ver" "$arch")"
  keep["$file"]=1
  [ -f "$DEB_CACHE/$file" ] || die "$file is missing from $DEB_CACHE after the download"
  [ "$(sha256sum < "$DEB_CACHE/$file" | cut -d' ' -f1)" = "$sha" ] \
    || die "$DEB_CACHE/$file does not match the SHA256 in the apt lists; delete it and re-run"
done <<< "$manifest"
for file in "$DEB_CACHE"/*.deb; do
  [ -e "$file" ] || continue
  [ -n "${keep[$(basename "$file")]:-}" ] || rm -f "$file"
done

# --- 4. unpack into a fresh tree, then swap it in -------------------------------
staging_root="$SYSROOT.new"
rm -rf "$staging_root"
# Debian 12 is merged-/usr: /lib is a symlink to /usr/lib, yet its debs still
# ship files under /lib. --keep-directory-symlink writes those through the links.
mkdir -p "$staging_root/usr/bin" "$staging_root/usr/sbin" "$staging_root/usr/lib"
for dir in bin sbin lib; do ln -s "usr/$dir" "$staging_root/$dir"; done

say "unpacking $count debs into $SYSROOT"
while read -r pkg ver arch sha; do
  deb="$DEB_CACHE/$(deb_name "$pkg" "$ver" "$arch")"
  # Same as dpkg-deb -x, plus the merged-/usr handling above.
  dpkg-deb --fsys-tarfile "$deb" |
    tar -xf - -C "$staging_root" --keep-directory-symlink --no-same-owner \
    || die "could not unpack $deb"
done <<< "$manifest"

# Documentation is of no use to a compiler.
rm -rf "$staging_root/usr/share/doc" "$staging_root/usr/share/man" "$staging_root/usr/share/info" \
  "$staging_root/usr/share/locale" "$staging_root/usr/share/lintian" "$staging_root/usr/share/bug"

# An absolute symlink (e.g. libfoo.so -> /lib/aarch64-linux-gnu/libfoo.so.1)
# would point into the host's /; make each one relative so it stays inside.
relinked=0
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  case "$target" in
    /*)
      rel=$(realpath -m -s --relative-to="$(dirname "$link")" "$staging_root$target")
      ln -sfn "$rel" "$link"
      relinked=$((relinked + 1))
      ;;
  esac
done < <(find "$staging_root" -type l -print0)
[ "$relinked" -eq 0 ] || say "made $relinked absolute symlinks relative"

printf '%s\n' "$manifest" | awk '{print $1, $2, $3}' > "$staging_root/${MANIFEST##*/}"
rm -rf "$SYSROOT"
mv "$staging_root" "$SYSROOT"
# Written last: a sysroot without its stamp is rebuilt on the next run.
printf '%s\n' "$STAMP_TEXT" > "$STAMP"
say "done: $count packages, $(du -sh "$SYSROOT" | cut -f1) in $SYSROOT"
