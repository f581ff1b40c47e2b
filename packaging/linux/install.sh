#!/usr/bin/env bash
# Install erbsim for you alone, no root: the program into ~/.local/lib/erbsim, the
# command ~/.local/bin/erbsim, the menu entry, its icons and the AppStream metadata
# into ~/.local/share. Run it from the unpacked tarball:
#   tar xf erbsim-<version>-linux-x86_64.tar.gz && erbsim-<version>-linux-x86_64/install.sh
# Installing again replaces the program and keeps your data (~/.local/share/erbsim).
# Remove it with ~/.local/lib/erbsim/uninstall.sh.
set -euo pipefail

app_id=io.github.erbsim.Erbsim
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${ERBSIM_PREFIX:-$HOME/.local}
share=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir="$prefix/lib/erbsim"
bin_dir="$prefix/bin"

if [ ! -x "$here/erbsim/erbsim" ]; then
  echo "install.sh: $here/erbsim/erbsim is missing; run install.sh from the unpacked tarball" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ] && [ -z "${ERBSIM_PREFIX:-}" ]; then
  echo "install.sh: installing for root alone (into $prefix); run it as yourself to install it for you" >&2
fi

mkdir -p "$prefix/lib" "$bin_dir" "$share/applications" "$share/metainfo" "$share/icons/hicolor"
# The new program goes in beside the old one first, so a failed copy leaves the old one working.
rm -rf "$app_dir.new"
cp -a "$here/erbsim" "$app_dir.new"
cp "$here/uninstall.sh" "$app_dir.new/uninstall.sh"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"

manifest="$app_dir/installed-files"
: > "$manifest"
ln -sfn "$app_dir/erbsim" "$bin_dir/erbsim"
echo "$bin_dir/erbsim" >> "$manifest"

# The menu entry runs the program by its full path: ~/.local/bin is not on every desktop's PATH.
desktop="$share/applications/$app_id.desktop"
sed -e "s|^Exec=erbsim\$|Exec=\"$app_dir/erbsim\"|" -e "s|^TryExec=erbsim\$|TryExec=$app_dir/erbsim|" \
  "$here/share/applications/$app_id.desktop" > "$desktop"
echo "$desktop" >> "$manifest"

cp "$here/share/metainfo/$app_id.metainfo.xml" "$share/metainfo/"
echo "$share/metainfo/$app_id.metainfo.xml" >> "$manifest"

(cd "$here/share/icons/hicolor" && find . -type f) | while read -r icon; do
  mkdir -p "$share/icons/hicolor/$(dirname "$icon")"
  cp "$here/share/icons/hicolor/$icon" "$share/icons/hicolor/$icon"
  echo "$share/icons/hicolor/${icon#./}" >> "$manifest"
done

# Menus and icon themes notice new files by themselves on most desktops; these make sure.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true

echo "erbsim $(cat "$app_dir/VERSION" 2>/dev/null || echo) installed in $app_dir"
echo "  menu entry: erbsim (Education); command: $bin_dir/erbsim; remove: $app_dir/uninstall.sh"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "  $bin_dir is not on your PATH: start it from the menu, or add that folder to PATH" ;;
esac
