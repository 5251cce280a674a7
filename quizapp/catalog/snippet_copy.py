"""A staff edit of a live snippet is a draft row: what it carries from the edited snippet to the draft,
and from a verified draft back to the live snippet."""

from .models import Snippet

NOT_COPIED = {"id", "slug", "draft_of", "is_draft", "verification", "edited_in_admin", "imported_hash",
              "source_file", "source_line", "updated_at"}


def snippet_fields_copy(source: Snippet, target: Snippet) -> None:
    for model_field in Snippet._meta.concrete_fields:
        if model_field.name not in NOT_COPIED:
            setattr(target, model_field.attname, getattr(source, model_field.attname))
