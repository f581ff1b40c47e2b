"""Images shipped with erbsim (installed as the erbsim.assets package)."""

from importlib.resources import files


def asset_path(name: str) -> str:
    return str(files(__name__) / name)
