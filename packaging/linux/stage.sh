#!/usr/bin/env bash
# Lay out the tarball's folder: the PyInstaller bundle, install.sh/uninstall.sh, and
# the desktop file, metainfo and icons under share/.
#   bash packaging/linux/stage.sh BUNDLE_DIR OUT_DIR VERSION
# Called by packaging/build.sh; tests/test_desktop_integration.py stages a stand-in bundle.
set -euo pipefail
bundle=$1 out=$2 version=$3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
linux="$root/packaging/linux"
app_id=io.github.erbsim.Erbsim

rm -rf "$out"
mkdir -p "$out/share/applications" "$out/share/metainfo" "$out/share/icons"
cp -a "$bundle" "$out/erbsim"
echo "$version" > "$out/erbsim/VERSION"
install -m 755 "$linux/install.sh" "$linux/uninstall.sh" "$out/"
cp "$linux/$app_id.desktop" "$out/share/applications/"
cp "$linux/$app_id.metainfo.xml" "$out/share/metainfo/"
cp -a "$root/assets/icons/hicolor" "$out/share/icons/"
