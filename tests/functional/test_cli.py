"""The command-line interface: init-db, create-user."""

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Module, Question, QuestionVersion, User


def test_init_db_is_idempotent(runner):
    before = db.session.scalar(select(func.count(QuestionVersion.id)))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    total = db.session.scalar(select(func.count(Question.id)))
    assert f"4 modules, {total} questions." in result.output
    assert "This run: 0 question(s) added, 0 updated from questions/." in result.output
    assert db.session.scalar(select(func.count(QuestionVersion.id))) == before
    slugs = db.session.scalars(select(Module.slug).order_by(Module.position)).all()
    assert slugs == ["history", "arms", "gifts", "quirks"]
    assert db.session.scalar(select(func.count(Question.id))) >= 48


def test_init_db_reports_a_broken_bank_and_changes_nothing(runner, app, tmp_path):
    import shutil
    from pathlib import Path

    folder = tmp_path / "questions"
    shutil.copytree(Path(app.config["QUESTIONS_DIR"]), folder)
    text = (folder / "arms.yaml").read_text(encoding="utf-8")
    (folder / "arms.yaml").write_text(
        text.replace("evidence:\n      - ", "evidence:\n      - NOT IN THE ARTICLE ", 1),
        encoding="utf-8",
    )
    (folder / "new.yaml").write_text(
        (folder / "gifts.yaml").read_text().replace("slug: gifts", "slug: new-module"),
        encoding="utf-8",
    )
    app.config["QUESTIONS_DIR"] = str(folder)
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 1
    assert "questions/arms.yaml: question '" in result.output
    assert "evidence quote not found in the article" in result.output
    assert db.session.scalar(select(Module).where(Module.slug == "new-module")) is None


def test_create_user_teacher_with_password(runner):
    result = runner.invoke(
        args=["create-user", "t2@example.com", "--role", "teacher", "--password", "a-good-password"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "t2@example.com"))
    assert user.role == "teacher" and user.check_password("a-good-password")


def test_create_user_prompts_for_password(runner):
    result = runner.invoke(
        args=["create-user", "s2@example.com"], input="prompted-pass\nprompted-pass\n"
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "s2@example.com"))
    assert user.role == "student" and user.check_password("prompted-pass")


def test_create_user_refuses_duplicates_and_short_passwords(runner, student):
    dup = runner.invoke(args=["create-user", student.email, "--password", "long-enough"])
    assert dup.exit_code != 0 and "already exists" in dup.output
    short = runner.invoke(args=["create-user", "x@example.com", "--password", "short"])
    assert short.exit_code != 0 and "at least 8 characters" in short.output


def test_demo_users_exist_after_seed(app):
    roles = dict(db.session.execute(select(User.email, User.role)).all())
    assert roles["teacher@example.com"] == "teacher"
    assert roles["student@example.com"] == "student"


def test_first_start_on_an_empty_database_creates_and_seeds_it(tmp_path):
    from quizapp import create_app

    path = tmp_path / "empty.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "x",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(Module.id))) == 4
        assert db.session.scalar(select(User).where(User.email == "student@example.com"))
        db.engine.dispose()


def test_init_db_never_undoes_a_teachers_edit(runner):
    from quizapp.content import add_version, version_as_question

    question = (
        db.session.scalar(select(Question).where(Question.key == "soviet-backing"))
        or db.session.scalars(select(Question).order_by(Question.id)).first()
    )
    edited = version_as_question(question.current)
    edited["prompt"] = "Reworded by a teacher?"
    add_version(question, edited, question.module.article)  # the editor's source
    db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "1 edited in the app kept" in result.output
    db.session.refresh(question)
    assert question.current.prompt == "Reworded by a teacher?"
    assert question.current.source == "editor"


def test_start_upgrades_an_older_schema(tmp_path):
    from flask_migrate import upgrade

    from quizapp import MIGRATIONS_DIR, create_app
    from quizapp.seed import schema_is_current

    path = tmp_path / "old.sqlite"
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        "SECRET_KEY": "x",
        "RATELIMIT_ENABLED": False,
    }
    old = create_app({**settings, "AUTO_INIT_DB": False})
    with old.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="bff439723ce9")  # the first schema only
        assert not schema_is_current(old)
        db.engine.dispose()
    app = create_app(settings)
    with app.app_context():
        assert schema_is_current(app)
        assert app.test_client().get("/").status_code == 200
        db.engine.dispose()
