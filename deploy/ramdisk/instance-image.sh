#!/usr/bin/env bash
# usage: deploy/ramdisk/instance-image.sh OUT.raw CALL_HOME_URL [ADDRESS/PREFIX]
# A small bootable raw disk image to deploy in tests and demos (issue 21): an MBR with Debian's syslinux, one FAT
# partition holding the agent ramdisk's kernel and a busybox initramfs whose /init gets a DHCP lease (or takes the
# static ADDRESS/PREFIX given, as on a network whose DHCP serves only provisioning) and POSTs
# {"mac", "uptime_s", "root": "disk"} to CALL_HOME_URL, then says so on the console: a machine that runs it booted
# from the disk Ferrum wrote. 48 MiB, mostly empty (the file is sparse). Needs build/ramdisk (build.sh) for the
# kernel and its cached kernel package for the NIC driver.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: instance-image.sh OUT.raw CALL_HOME_URL}
url=${2:?usage: instance-image.sh OUT.raw CALL_HOME_URL [ADDRESS/PREFIX]}
address=${3:-}
CACHE=${FERRUM_RAMDISK_CACHE:-/var/tmp/ferrum-ramdisk}
die() { echo "instance-image: $*" >&2; exit 1; }
[ -z "$address" ] || [[ "$address" =~ ^[0-9.]+/[0-9]+$ ]] || die "ADDRESS must look like 192.0.2.50/24, not $address"
[ -s build/ramdisk/vmlinuz ] || die "build/ramdisk is missing: run npm run build:ramdisk"
for tool in syslinux mcopy mkfs.fat sfdisk; do command -v "$tool" >/dev/null || die "$tool is missing (apt-get install syslinux mtools dosfstools fdisk)"; done
pkg=$(node -p 'require("./build/ramdisk/manifest.json").kernel_package')
kver=${pkg#linux-image-}
deb=$(ls "$CACHE/$pkg"_*.deb 2>/dev/null | head -1) || true
[ -n "$deb" ] || die "$CACHE has no $pkg package: run build.sh first"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
r="$work/root"; mkdir -p "$r"/{bin,proc,sys,dev,tmp,lib}
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards "./lib/modules/$kver/kernel/drivers/net/ethernet/intel/e1000/e1000.ko*"
e1000=$(find "$work/lib/modules" -name 'e1000.ko*' | head -1)
case "$e1000" in *.xz) xz -dc "$e1000" > "$r/lib/e1000.ko" ;; *) cp "$e1000" "$r/lib/e1000.ko" ;; esac
cp /bin/busybox "$r/bin/busybox"
cat > "$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
insmod /lib/e1000.ko
ip link set lo up; ip link set eth0 up
printf '#!/bin/sh\n[ "$1" = bound ] && ip addr add "$ip/${mask:-24}" dev "$interface" && [ -n "$router" ] && ip route add default via "${router%% *}"\nexit 0\n' > /tmp/dhcp.sh
chmod +x /tmp/dhcp.sh
address=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^ferrum.address=//p')
if [ -n "$address" ]; then ip addr add "$address" dev eth0; else udhcpc -i eth0 -q -n -t 10 -T 1 -s /tmp/dhcp.sh; fi
url=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^ferrum.call_home=//p')
body="{\"mac\":\"$(cat /sys/class/net/eth0/address)\",\"uptime_s\":$(cut -d' ' -f1 /proc/uptime),\"root\":\"disk\"}"
echo "INSTANCE: booted from disk; calling home $url"
wget -q -O /dev/null --header 'Content-Type: application/json' --post-data "$body" "$url" && echo "INSTANCE: called home" || echo "INSTANCE: call home failed"
while true; do sleep 3600; done
INIT
chmod 0755 "$r/init"
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet) | gzip -n -9 > "$work/initrd.gz"

# A FAT16 partition from sector 2048 to the end of a 48 MiB disk, marked active, with syslinux in it.
part="$work/part.img"
truncate -s $((47 * 1024 * 1024)) "$part"
mkfs.fat -F 16 -n INSTANCE "$part" >/dev/null
cat > "$work/syslinux.cfg" <<CFG
serial 0 115200
default instance
prompt 0
timeout 0
label instance
  kernel /vmlinuz
  append initrd=/initrd.gz console=ttyS0,115200 quiet ferrum.call_home=$url${address:+ ferrum.address=$address}
CFG
mcopy -i "$part" build/ramdisk/vmlinuz "$work/initrd.gz" "$work/syslinux.cfg" ::/
syslinux --install "$part"
rm -f "$out"
truncate -s $((48 * 1024 * 1024)) "$out"
echo 'start=2048, type=6, bootable' | sfdisk -q "$out" >/dev/null
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$out" conv=notrunc bs=440 count=1 status=none
dd if="$part" of="$out" bs=512 seek=2048 conv=notrunc,sparse status=none
echo "instance-image: $out ($(du -k "$out" | cut -f1) KiB used of 48 MiB), calls home to $url"
