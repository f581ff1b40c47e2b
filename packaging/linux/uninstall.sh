#!/usr/bin/env bash
# Remove erbsim installed by install.sh: the program, the command, the menu entry,
# the icons and the metadata. Your sessions, recordings and settings are kept
# (the data folder, ~/.local/share/erbsim by default); delete that folder yourself
# to remove them too.
set -euo pipefail

app_id=io.github.erbsim.Erbsim
prefix=${ERBSIM_PREFIX:-$HOME/.local}
share=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir="$prefix/lib/erbsim"
manifest="$app_dir/installed-files"

if [ ! -f "$manifest" ]; then
  echo "uninstall.sh: erbsim is not installed in $app_dir" >&2
  exit 1
fi
while read -r installed; do
  case "$installed" in
    "$prefix"/*|"$share"/*) rm -f "$installed" ;;  # never anything outside the two install folders
  esac
done < "$manifest"
rm -rf "$app_dir"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
echo "erbsim removed; your data is kept in ${ERBSIM_HOME:-$share/erbsim} (delete it yourself to remove it)"
