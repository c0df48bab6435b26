#!/usr/bin/env bash
# usage: deploy/ramdisk/iso.sh OUT.iso "KERNEL PARAMETERS"
# A BIOS-bootable CD image of the agent ramdisk (build/ramdisk, from build.sh) whose boot loader (Debian's isolinux)
# starts the kernel with the given parameters, e.g. "ipa-api-url=http://ferrum:6385": what driver_info/deploy_iso
# points at for the redfish-virtual-media boot interface, as an IPA ISO is for Ironic. A second or so.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: iso.sh OUT.iso \"KERNEL PARAMETERS\"}
params=${2:-}
[ -s build/ramdisk/initramfs.gz ] || { echo "iso: build/ramdisk is missing: run npm run build:ramdisk" >&2; exit 1; }
for f in /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32; do
  [ -e "$f" ] || { echo "iso: $f is missing (apt-get install isolinux syslinux-common)" >&2; exit 1; }
done
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
mkdir -p "$root/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$root/isolinux/"
cp build/ramdisk/vmlinuz build/ramdisk/initramfs.gz "$root/"
cat > "$root/isolinux/isolinux.cfg" <<CFG
serial 0 115200
default agent
prompt 0
timeout 0
label agent
  kernel /vmlinuz
  append initrd=/initramfs.gz console=tty0 console=ttyS0,115200 quiet $params
CFG
genisoimage -quiet -o "$out" -V FERRUM_AGENT -J -R -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$root"
