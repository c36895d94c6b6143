"""Teachers' classes: creating them, join codes, joining, and who may see what. No requests here."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from quizapp import audit
from quizapp.extensions import db
from quizapp.models import MAX_ID, Enrollment, SchoolClass, User

# No 0/O, 1/I/L or 5/S: a code read aloud or copied from a board is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
CODE_LENGTH = 8
MAX_NAME = 120
_TRIES = 10


class ClassError(ValueError):
    """A request about classes that cannot be honoured; the message is shown to the user."""


class UnknownJoinCode(ClassError):
    """No class has this code: the failure that join-code throttling counts."""


@dataclass(frozen=True)
class ClassSummary:
    school_class: SchoolClass
    students: int


def new_join_code() -> str:
    """A random code of CODE_LENGTH characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """What a student typed, upper-cased, without spaces or dashes ("abcd-efgh" -> "ABCDEFGH")."""
    return re.sub(r"[\s\-]+", "", raw or "").upper()


def display_code(code: str) -> str:
    """The code in two groups of four, easier to read out ("ABCD-EFGH")."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == CODE_LENGTH else code


def clean_name(name: str | None) -> str:
    """A class name with runs of whitespace collapsed; ClassError when empty or too long."""
    name = " ".join((name or "").split())
    if not name:
        raise ClassError("Give the class a name.")
    if len(name) > MAX_NAME:
        raise ClassError(f"Use at most {MAX_NAME} characters for the name.")
    return name


def _commit_with_fresh_code(use: Callable[[str], None], avoid: str | None = None) -> str:
    """Draw join codes until one commits (another class may take a code meanwhile)."""
    for _ in range(_TRIES):
        code = new_join_code()
        if code == avoid:
            continue
        use(code)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return code
    raise ClassError("Could not find a free join code; try again.")


def create_class(teacher: User, name: str) -> SchoolClass:
    """Create a class owned by `teacher` with a fresh, unique join code."""
    name = clean_name(name)
    if not teacher.is_teacher:
        raise ClassError("Only teachers create classes.")
    school_class = SchoolClass(name=name, teacher_id=teacher.id)

    def use(code: str) -> None:
        school_class.join_code = code
        db.session.add(school_class)

    _commit_with_fresh_code(use)
    audit.record(teacher, "class.create", school_class=school_class)
    db.session.commit()
    return school_class


def join_class(student: User, raw_code: str) -> SchoolClass:
    """Enrol `student` in the class with this code. Raises ClassError with a message to show."""
    code = normalise_code(raw_code)
    if not code:
        raise ClassError("Type the join code your teacher gave you.")
    if student.is_teacher:
        raise ClassError("Teachers do not join classes; students do.")
    school_class = db.session.scalar(select(SchoolClass).where(SchoolClass.join_code == code))
    if school_class is None:
        raise UnknownJoinCode("No class has this join code. Check it with your teacher.")
    if is_enrolled(school_class.id, student.id):
        raise ClassError(f"You are already in {school_class.name}.")
    db.session.add(Enrollment(class_id=school_class.id, user_id=student.id))
    audit.record(student, "class.join", school_class=school_class, student=student)
    try:
        db.session.commit()
    except IntegrityError:  # a double submit raced us; the student is in the class either way
        db.session.rollback()
    return school_class


def is_enrolled(class_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Enrollment.id).where(
                Enrollment.class_id == class_id, Enrollment.user_id == user_id
            )
        )
        is not None
    )


def teacher_classes(teacher: User) -> list[ClassSummary]:
    """The teacher's own classes, newest first, with their number of students (one query)."""
    counts = (
        select(Enrollment.class_id, func.count(Enrollment.id).label("n"))
        .group_by(Enrollment.class_id)
        .subquery()
    )
    rows = db.session.execute(
        select(SchoolClass, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.class_id == SchoolClass.id)
        .where(SchoolClass.teacher_id == teacher.id)
        .order_by(SchoolClass.created_at.desc(), SchoolClass.id.desc())
    ).all()
    return [ClassSummary(school_class, n) for school_class, n in rows]


def student_classes(student: User) -> list[SchoolClass]:
    """The classes a student has joined, by name."""
    return list(
        db.session.scalars(
            select(SchoolClass)
            .join(Enrollment, Enrollment.class_id == SchoolClass.id)
            .where(Enrollment.user_id == student.id)
            .options(joinedload(SchoolClass.teacher))
            .order_by(SchoolClass.name, SchoolClass.id)
        )
    )


def owned_class(teacher: User, class_id: int) -> SchoolClass | None:
    """The class if `teacher` owns it; None for other teachers' classes and unknown ids alike."""
    return db.session.scalar(
        select(SchoolClass).where(SchoolClass.id == class_id, SchoolClass.teacher_id == teacher.id)
    )


def enrolled_student(school_class: SchoolClass, user_id: int) -> User | None:
    """The user if enrolled in this class, else None."""
    return db.session.scalar(
        select(User)
        .join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.class_id == school_class.id, User.id == user_id)
    )


def find_class(ref: str) -> SchoolClass | None:
    """A class by id ("12") or by join code, for the command line."""
    ref = (ref or "").strip()
    if ref.isascii() and ref.isdigit() and int(ref) <= MAX_ID:
        found = db.session.get(SchoolClass, int(ref))
        if found is not None:
            return found
    return db.session.scalar(
        select(SchoolClass).where(SchoolClass.join_code == normalise_code(ref))
    )


def class_roster(school_class: SchoolClass) -> list[Enrollment]:
    """The class's enrollments with their students loaded, by student name."""
    return list(
        db.session.scalars(
            select(Enrollment)
            .join(User, Enrollment.user_id == User.id)
            .where(Enrollment.class_id == school_class.id)
            .options(joinedload(Enrollment.user))
            .order_by(User.name, User.id)
        )
    )


def rename_class(school_class: SchoolClass, name: str) -> SchoolClass:
    """Give the class a new name (whitespace collapsed); ClassError when empty or too long."""
    old, school_class.name = school_class.name, clean_name(name)
    if old != school_class.name:
        audit.record(school_class.teacher, "class.rename", school_class=school_class, old=old)
    db.session.commit()
    return school_class


def regenerate_code(school_class: SchoolClass) -> str:
    """Replace the join code with a fresh one: the old code stops working, enrollments stay."""

    def use(code: str) -> None:  # called again after a clash, which rolled the entry back too
        school_class.join_code = code
        audit.record(school_class.teacher, "class.code", school_class=school_class)

    return _commit_with_fresh_code(use, avoid=school_class.join_code)


def remove_student(school_class: SchoolClass, user_id: int) -> bool:
    """Take a student out of the class; their attempts are kept. False if they were not in it."""
    enrollment = db.session.scalar(
        select(Enrollment).where(
            Enrollment.class_id == school_class.id, Enrollment.user_id == user_id
        )
    )
    if enrollment is None:
        return False
    db.session.delete(enrollment)
    teacher, student = school_class.teacher, enrollment.user
    audit.record(teacher, "class.remove", school_class=school_class, student=student)
    db.session.commit()
    return True


def delete_class(school_class: SchoolClass) -> int:
    """Delete the class and its enrollments (attempts are kept); the number of students removed."""
    removed = len(school_class.enrollments)
    audit.record(school_class.teacher, "class.delete", school_class=school_class, students=removed)
    db.session.delete(school_class)  # the enrollments go with it (cascade); attempts do not
    db.session.commit()
    return removed
