#!/usr/bin/env bash
# npm run build:ramdisk: the agent's ramdisk, a kernel and an initramfs that boot a machine into Ferrum's agent.
#
# From Debian's packages: the kernel (linux-image-amd64's current version, with the NIC and disk modules a
# server or a QEMU VM needs), busybox-static (the shell, DHCP, mount, insmod), the tools the agent runs
# (lsblk, sfdisk, sgdisk, qemu-img, openssl for the agent's automatic TLS) with their libraries; plus this machine's Node.js runtime and dist/agent.js.
# /init mounts the kernel filesystems, loads the modules, gets a DHCP lease on every NIC that has a link, and starts
# the agent, which reads its ipa-* parameters from the kernel command line as IPA does.
#
# Out: build/ramdisk/{vmlinuz,initramfs.gz,manifest.json} (outside dist/, which every build wipes). With --if-stale
# nothing is done when the manifest names the same inputs (agent, /init, this script, Node.js). Reproducible for the same package versions: files are
# sorted, their times set to SOURCE_DATE_EPOCH (default 0) and gzip stores no name or time.
# Cache: $FERRUM_RAMDISK_CACHE (default /var/tmp/ferrum-ramdisk), where the kernel .deb is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."

CACHE=${FERRUM_RAMDISK_CACHE:-/var/tmp/ferrum-ramdisk}
OUT=build/ramdisk
EPOCH=${SOURCE_DATE_EPOCH:-0}
die() { echo "build-ramdisk: $*" >&2; exit 1; }

[ -s dist/agent.js ] || die "dist/agent.js is missing: run node tools/build.mjs first"
inputs=$(cat dist/agent.js deploy/ramdisk/init deploy/ramdisk/build.sh <(node --version) | sha256sum | cut -d' ' -f1)
if [ "${1:-}" = --if-stale ] && [ -s "$OUT/manifest.json" ] && grep -q "\"inputs_sha256\": \"$inputs\"" "$OUT/manifest.json"; then
  echo "build-ramdisk: $OUT is up to date"
  exit 0
fi
need_pkg() { # installs Debian packages that are missing (CI runs as root; elsewhere sudo)
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
}
need_pkg busybox-static util-linux fdisk gdisk qemu-utils openssl cpio kmod xz-utils

mkdir -p "$CACHE"
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
[ -n "$pkg" ] || { apt-get update -q >/dev/null 2>&1 || true; pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}'); }
[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 to a kernel package"
deb=$(ls "$CACHE/$pkg"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then (cd "$CACHE" && apt-get download -q "$pkg" >/dev/null) || die "apt-get download $pkg failed"; deb=$(ls "$CACHE/$pkg"_*.deb | head -1); fi
kver=${pkg#linux-image-}

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
x="$work/kernel"; r="$work/root"; mkdir -p "$x" "$r"/{bin,sbin,usr/bin,proc,sys,dev,tmp,run,etc,lib64,opt/ferrum}
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$x" ./boot "./lib/modules/$kver"
# The package leaves modules.dep to the installing machine's depmod.
depmod -b "$x" "$kver"

# The drivers a machine needs to reach the network and its disks; the rest of the kernel's modules stay out.
MODULES=(e1000 e1000e igb ixgbe virtio_net virtio_blk virtio_scsi virtio_pci ata_piix ahci sd_mod sr_mod nvme)
mod_root="$r/lib/modules/$kver"
mkdir -p "$mod_root"
declare -A seen=()
add_module() { # the module and, first, what it depends on (modules.dep)
  local name=$1 path line dep
  line=$(grep -E "(^|/)${name//_/[_-]}\.ko(\.xz)?:" "$x/lib/modules/$kver/modules.dep" | head -1 || true)
  [ -n "$line" ] || return 0 # built into the kernel
  path=${line%%:*}
  [ -n "${seen[$path]:-}" ] && return 0
  seen[$path]=1
  for dep in ${line#*:}; do add_module "$(basename "${dep%.ko*}")"; done
  mkdir -p "$mod_root/$(dirname "$path")"
  cp "$x/lib/modules/$kver/$path" "$mod_root/$path"
  echo "$path" >> "$work/load-order"
}
: > "$work/load-order"
for m in "${MODULES[@]}"; do add_module "$m"; done
# Loaded in dependency order by /init (busybox insmod takes .ko files; Debian's are xz-compressed).
while read -r path; do
  if [[ $path == *.xz ]]; then xz -d "$mod_root/$path"; path=${path%.xz}; fi
  echo "/lib/modules/$kver/$path"
done < "$work/load-order" > "$r/etc/modules.load"

# Programs with the shared libraries they load.
copy_with_libs() {
  local bin=$1 dest=$2 lib
  cp "$bin" "$r$dest"
  for lib in $(ldd "$bin" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
    mkdir -p "$r$(dirname "$lib")"
    [ -e "$r$lib" ] || cp -L "$lib" "$r$lib"
  done
}
cp /bin/busybox "$r/bin/busybox"
node_bin=$(readlink -f "$(command -v node)")
copy_with_libs "$node_bin" /usr/bin/node
for tool in lsblk sfdisk sgdisk qemu-img openssl; do copy_with_libs "$(command -v "$tool")" "/usr/bin/$tool"; done
# openssl req reads its configuration file (the agent makes its TLS certificate with it).
mkdir -p "$r/usr/lib/ssl" "$r/etc/ssl"
cp -L /usr/lib/ssl/openssl.cnf "$r/usr/lib/ssl/openssl.cnf"
cp -L /usr/lib/ssl/openssl.cnf "$r/etc/ssl/openssl.cnf"
cp dist/agent.js "$r/opt/ferrum/agent.js" || die "dist/agent.js vanished (a build running at the same time?)"
cp deploy/ramdisk/init "$r/init"
chmod 0755 "$r/init"
echo "root:x:0:0:root:/root:/bin/sh" > "$r/etc/passwd"

mkdir -p "$OUT"
cp "$x/boot/vmlinuz-$kver" "$OUT/vmlinuz"
find "$r" -exec touch -h -d "@$EPOCH" {} +
(cd "$r" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --reproducible --quiet) | gzip -n -6 > "$OUT/initramfs.gz"
node -e '
  const fs = require("fs");
  const [out, pkg, node, modules, inputs] = process.argv.slice(1);
  const size = (f) => fs.statSync(`${out}/${f}`).size;
  const manifest = { kernel_package: pkg, node: node, modules: modules.split("\n").filter(Boolean).length, vmlinuz_bytes: size("vmlinuz"), initramfs_bytes: size("initramfs.gz"), inputs_sha256: inputs };
  fs.writeFileSync(`${out}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  console.log(`build-ramdisk: ${out}/vmlinuz (${(manifest.vmlinuz_bytes / 1048576).toFixed(1)} MiB) + initramfs.gz (${(manifest.initramfs_bytes / 1048576).toFixed(1)} MiB): ${pkg}, Node.js ${node}, ${manifest.modules} modules`);
' "$OUT" "$pkg" "$(node --version)" "$(cat "$r/etc/modules.load")" "$inputs"
