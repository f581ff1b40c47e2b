"""Images shipped with erbsim (installed as the erbsim.assets package)."""

from importlib.resources import files

# The reverse-DNS id: the desktop file's and metainfo's name, the icon's name and the
# window class (packaging/linux/).
APP_ID = "io.github.erbsim.Erbsim"


def asset_path(name: str) -> str:
    return str(files(__name__) / name)


def icon_pngs() -> list[str]:
    """The app icon rendered at the hicolor sizes (packaging/render_icons.py), smallest first."""
    hicolor = files(__name__) / "icons" / "hicolor"
    if not hicolor.is_dir():
        return []
    sizes = sorted((entry for entry in hicolor.iterdir() if entry.name.split("x")[0].isdigit()),
                   key=lambda entry: int(entry.name.split("x")[0]))
    found = (size / "apps" / f"{APP_ID}.png" for size in sizes)
    return [str(png) for png in found if png.is_file()]
