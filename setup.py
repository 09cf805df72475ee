"""Package data for wheels: model/, catalog.db and resources/ go into ``desktop/_data``.

Why a build step and not ``package-data``: the files live at the repository root (the source
checkout and build.spec read them there), outside the ``desktop`` package.  A wheel built
without them installs an app that cannot start (``moodtune --self-test`` exited 2).
Editable installs copy nothing: ``desktop.core.paths`` then finds the files in the checkout.
Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# The same files build.spec ships (plus the model card, for its licence and provenance).
DATA = [
    "catalog.db",
    "model/emotion.onnx",
    "model/tokenizer.json",
    "model/config.json",
    "model/topic_index.onnx",
    "model/README.md",
    "resources/fonts/NanumGothic.ttf",
    "resources/fonts/NanumGothicBold.ttf",
    "resources/fonts/OFL.txt",
    "resources/i18n/moodtune_ko.qm",
    "resources/icons/moodtune.png",
    "resources/icons/moodtune.ico",
]
TARGET = Path("desktop") / "_data"


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        missing = [rel for rel in DATA if not (ROOT / rel).is_file()]
        if missing:
            raise SystemExit(f"moodtune: package data missing from the source tree: {', '.join(missing)}")
        for rel in DATA:
            dest = Path(self.build_lib) / TARGET / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / rel, dest)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return [*outputs, *(str(Path(self.build_lib) / TARGET / rel) for rel in DATA)]


if __name__ == "__main__":  # setuptools runs this file as __main__; tests import DATA from it
    setup(cmdclass={"build_py": BuildPyWithData})
