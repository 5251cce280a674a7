from django.db import models

# Marks a stored value that was escaped. U+FDD0 is a noncharacter: no program output or old row
# starts with it in practice, and a value that does is escaped as well, so reading is unambiguous.
ESCAPED = "\ufdd0nul-escaped\ufdd0"


class LosslessTextField(models.TextField):
    """Text that may hold NUL bytes (a program's output): PostgreSQL text cannot, so such a value
    is stored with NUL as \\0 and backslashes doubled, behind a marker; anything else as it is."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if isinstance(value, str) and ("\x00" in value or value.startswith(ESCAPED)):
            return ESCAPED + value.replace("\\", "\\\\").replace("\x00", "\\0")
        return value

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str) and value.startswith(ESCAPED):
            return _unescape(value[len(ESCAPED):])
        return value


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\x00" if following == "0" else following)
        else:
            out.append(char)
    return "".join(out)
