"""Errors the user can act on.  Each carries a message written for people, not a trace.

The message itself (with the file and the cause) is English, for logs and the CLI; each kind
of error also has a short summary and a hint in Korean and English (``localized``), which the
window shows in its language, with the English detail below it.
"""

from __future__ import annotations

from desktop.core.languages import language_of


class MoodtuneError(Exception):
    """Base class: ``str(err)`` is shown as-is in dialogs and CLI output."""

    hint: str = ""  # what a user can do (dialogs, CLI)
    developer_hint: str = ""  # what a developer can do (the CLI adds it; dialogs never show it)

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint

    def user_message(self) -> str:
        return f"{self}\n\n{self.hint}" if self.hint else str(self)

    def localized(self, lang: str) -> str:
        """Summary and hint in ``lang`` ('ko' or 'en'), then the detail."""
        summary, hint = _LOCALIZED[language_of(lang)].get(type(self).__name__, ("", ""))
        if not summary or language_of(lang) == "en":
            return self.user_message()
        return f"{summary}\n\n{hint}\n\n({self})" if hint else f"{summary}\n\n({self})"

    def for_dialog(self, lang: str) -> tuple[str, str]:
        """(what a dialog says, its details): all in ``lang``; in Korean the English detail (file,
        cause) goes to the details, which a user opens only to copy them into a report."""
        summary, hint = _LOCALIZED[language_of(lang)].get(type(self).__name__, ("", ""))
        if not summary or language_of(lang) == "en":
            return self.user_message(), ""
        return (f"{summary}\n\n{hint}" if hint else summary), str(self)


class InputTextError(MoodtuneError, ValueError):
    """The text cannot be analysed (not text)."""


class EmptyTextError(InputTextError):
    """The text is empty or only blanks."""


class OptionError(MoodtuneError, ValueError):
    """A command-line option or environment variable has a value Moodtune cannot use."""


class FeedbackImportError(MoodtuneError, ValueError):
    """A file given to import-feedback is not a readable Moodtune votes export."""

    hint = "Import a CSV or JSON file written by Moodtune's Export feedback."


class ModelError(MoodtuneError):
    """The emotion model is missing, unreadable or not the expected model."""

    hint = "Reinstall Moodtune."
    developer_hint = "From a source checkout: python -m training.export_joint --ship (see model/README.md)"


class CatalogError(MoodtuneError):
    """catalog.db is missing, corrupt or from an incompatible version."""

    hint = "Reinstall Moodtune."
    developer_hint = "From a source checkout: python -m training.build_catalog"


class UserDataError(MoodtuneError):
    """The per-user data folder cannot be written (read-only, full disk, locked database)."""

    hint = "Free some disk space or check the folder's permissions, then try again. Nothing already saved is lost."


class LockedUserDataError(UserDataError):
    """moodtune.db is locked by another program: nothing is wrong with the file; try again later."""

    hint = (
        "Close the other program that uses it (another Moodtune window, a backup tool, sqlite3), "
        "then try again. Nothing already saved is lost, and the file is not damaged."
    )


class DiskFullError(UserDataError):
    """The disk holding the per-user data folder is full."""

    hint = "Free some disk space, then try again. Nothing already saved is lost."


class NewerUserDataError(UserDataError):
    """moodtune.db was written by a newer Moodtune; it is refused before anything changes it."""

    hint = "Update Moodtune to open it. The file was not changed."


class UnsafeUserDataError(UserDataError):
    """A link, pipe or other non-file sits where Moodtune keeps its database or log."""

    hint = "Move that item out of Moodtune's data folder (Moodtune never follows links there), then start again."


class ProtectedFileError(UserDataError):
    """An export would replace Moodtune's own database (or its -wal/-shm/-journal)."""

    hint = "Choose another file name or folder for the export."


class DamagedUserDataError(UserDataError):
    """moodtune.db exists but is not a readable database; it can be moved aside, never overwritten."""

    hint = (
        "Moodtune can move the damaged file aside (it is kept, renamed) and start with fresh "
        "settings and votes; or restore the file from a backup."
    )

    def __init__(self, message: str, path=None) -> None:
        super().__init__(message)
        self.path = path


# Per error kind: (summary, what to do).  English summaries are the messages themselves.
_LOCALIZED: dict[str, dict[str, tuple[str, str]]] = {
    "ko": {
        "EmptyTextError": ("글이 비어 있어요. 지금 기분을 적어 보세요. 예: “오늘 너무 행복해”", ""),
        "InputTextError": ("분석할 수 있는 글이 아니에요.", ""),
        "ModelError": ("감정 모델 파일이 없거나 손상됐어요.", "Moodtune을 다시 설치해 주세요."),
        "CatalogError": (
            "곡 데이터(catalog.db)가 없거나 손상됐거나 이 버전과 맞지 않아요.",
            "Moodtune을 다시 설치해 주세요.",
        ),
        "UserDataError": (
            "저장된 데이터(평가, 기록, 설정)를 읽거나 쓸 수 없어요.",
            "디스크 공간과 폴더 권한을 확인한 뒤 다시 시도해 주세요. 이미 저장된 내용은 그대로 있어요.",
        ),
        "DamagedUserDataError": (
            "저장된 데이터 파일이 손상됐어요.",
            "손상된 파일은 따로 보관하고(이름을 바꿔 그대로 둬요) 새로 시작하거나, 백업에서 복원할 수 있어요.",
        ),
        "OptionError": ("옵션이나 환경 변수의 값이 올바르지 않아요.", "값을 고친 뒤 다시 시작해 주세요."),
        "FeedbackImportError": (
            "가져올 수 없는 파일이에요.",
            "Moodtune의 ‘평가 내보내기’로 만든 CSV나 JSON 파일을 골라 주세요.",
        ),
        "LockedUserDataError": (
            "다른 프로그램이 저장된 데이터를 쓰고 있어서 지금은 열거나 저장할 수 없어요.",
            "그 프로그램(다른 Moodtune 창, 백업 도구 등)을 닫고 다시 시도해 주세요. "
            "파일은 손상되지 않았고 저장된 내용도 그대로예요.",
        ),
        "DiskFullError": (
            "디스크가 가득 찼어요.",
            "디스크 공간을 비운 뒤 다시 시도해 주세요. 이미 저장된 내용은 잃지 않아요.",
        ),
        "NewerUserDataError": (
            "더 새로운 버전의 Moodtune이 저장한 데이터예요.",
            "Moodtune을 업데이트한 뒤 열어 주세요. 파일은 바뀌지 않았어요.",
        ),
        "UnsafeUserDataError": (
            "Moodtune의 데이터 폴더에 파일이 아닌 것(링크나 파이프)이 있어요.",
            "그 항목을 데이터 폴더 밖으로 옮긴 뒤 다시 시작해 주세요. Moodtune은 그곳의 링크를 따라가지 않아요.",
        ),
        "ProtectedFileError": (
            "이 파일은 Moodtune이 저장한 데이터라서 덮어쓸 수 없어요.",
            "내보낼 파일의 이름이나 폴더를 다른 것으로 골라 주세요.",
        ),
        "MoodtuneError": ("작업을 끝내지 못했어요.", ""),
    },
    "en": {},
}
