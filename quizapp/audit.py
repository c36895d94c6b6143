"""The audit log: one function writes every entry, two read them (per module, per class).

Services call `record` just before they commit, so an entry is written in the same transaction
as the change it describes: a change that rolls back leaves no entry behind.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from quizapp.extensions import db
from quizapp.models import AuditEntry, Module, Question, SchoolClass, User

LOG_LIMIT = 500  # entries shown on a log page, newest first

# What each action says; the fields are filled from the objects passed to `record`.
SUMMARIES = {
    "question.create": "Created question “{question}”",
    "question.edit": "Edited question “{question}” (version {version})",
    "question.new_version": "Edited question “{question}”: new version {version}",
    "question.evidence": "Confirmed evidence for “{question}” (version {version})",
    "question.retire": "Retired question “{question}”",
    "question.restore": "Restored question “{question}”",
    "question.move": "Moved question “{question}” {direction}",
    "module.create": "Created module “{module}”",
    "module.details": "Changed the title or description of “{module}”",
    "module.settings": "Changed the quiz settings of “{module}”",
    "module.override": "Set an override on “{module}” for {student}",
    "module.override_removed": "Removed the override on “{module}” for {student}",
    "module.import": "Imported {filename}: {created} created, {updated} updated",
    "class.create": "Created class “{school_class}”",
    "class.rename": "Renamed class “{old}” to “{school_class}”",
    "class.code": "Issued a new join code for “{school_class}”",
    "class.join": "{student} joined “{school_class}”",
    "class.remove": "Removed {student} from “{school_class}”",
    "class.delete": "Deleted class “{school_class}” ({students} students left it)",
    "student.reset_link": "Issued a password-reset link for {student}",
}
SHORT = 80  # characters of a prompt quoted in a summary


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def record(
    actor: User | None,
    action: str,
    *,
    module: Module | None = None,
    question: Question | None = None,
    school_class: SchoolClass | None = None,
    student: User | None = None,
    **extra: Any,
) -> AuditEntry:
    """Add one entry to the session (the caller's commit writes it with the change).

    The summary is SUMMARIES[action] filled from the objects and `extra`; the JSON detail holds
    the ids involved and `extra`, so the entry still says what happened once names change.
    """
    if any(obj is not None and obj.id is None for obj in (question, school_class, module)):
        db.session.flush()  # a question or class created in this transaction needs its id
    if question is not None:
        module = module or question.module
    # Dates and the like become text: the detail is stored as JSON on every database.
    detail = json.loads(json.dumps({**_ids(question, student), **extra}, default=str))
    fields = {
        "question": _short(question.current.prompt) if question is not None else "",
        "module": module.title if module is not None else "",
        "school_class": school_class.name if school_class is not None else "",
        "student": student.name if student is not None else "",
        **detail,
    }
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        module_id=module.id if module is not None else None,
        class_id=school_class.id if school_class is not None else None,
        subject_id=student.id if student is not None else None,
        summary=SUMMARIES[action].format(**fields)[:300],
        detail=detail,
    )
    db.session.add(entry)
    return entry


def _ids(question: Question | None, student: User | None) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    if question is not None:
        ids |= {"question_id": question.id, "key": question.key, "version": question.current.number}
    if student is not None:
        ids["student_id"] = student.id
    return ids


def _entries(*conditions: Any) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(*conditions)
            .options(joinedload(AuditEntry.actor))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(LOG_LIMIT)
        )
    )


def module_log(module: Module) -> list[AuditEntry]:
    """The module's entries, newest first."""
    return _entries(AuditEntry.module_id == module.id)


def class_log(class_id: int) -> list[AuditEntry]:
    """The class's entries, newest first (they outlive a deleted class)."""
    return _entries(AuditEntry.class_id == class_id)


def forget_student(student: User) -> None:
    """Take a student's name out of the entries about them (call before their name is erased).

    The entries stay, so a class log still shows that someone joined or left it."""
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.subject_id == student.id)):
        entry.summary = entry.summary.replace(student.name, "a deleted student")
        entry.detail = {k: v for k, v in entry.detail.items() if k != "student_id"}
        entry.subject_id = None
