"""practice and review attempts, quiz settings and overrides, spaced-review cards

Revision ID: d7a1c0000007
Revises: c4d1a7e93b20
Create Date: 2026-12-02 03:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d7a1c0000007"
down_revision = "c4d1a7e93b20"
branch_labels = None
depends_on = None


def upgrade():
    # Every attempt made so far was a graded one.
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mode", sa.String(length=16), server_default="graded", nullable=False)
        )
        batch_op.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("source_attempt_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_attempts_source_attempt_id_attempts", "attempts", ["source_attempt_id"], ["id"]
        )
        batch_op.alter_column("module_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tries", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))

    op.create_table(
        "quiz_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("grading_method", sa.String(length=16), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=True),
        sa.Column("open_at", sa.DateTime(), nullable=True),
        sa.Column("close_at", sa.DateTime(), nullable=True),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_choices", sa.Boolean(), nullable=False),
        sa.Column("draw_count", sa.Integer(), nullable=True),
        sa.Column("review_shows", sa.String(length=16), nullable=False),
        sa.Column("practice_enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("practice_tries", sa.Integer(), nullable=False),
        sa.Column("practice_penalty", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name="fk_quiz_settings_module_id_modules"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_settings"),
        sa.UniqueConstraint("module_id", name="uq_quiz_settings_module_id"),
    )
    op.create_table(
        "quiz_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name="fk_quiz_overrides_module_id_modules"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_quiz_overrides_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_overrides"),
        sa.UniqueConstraint("module_id", "user_id", name="uq_quiz_overrides_module_id"),
    )
    op.create_index("ix_quiz_overrides_module_id", "quiz_overrides", ["module_id"])
    op.create_index("ix_quiz_overrides_user_id", "quiz_overrides", ["user_id"])
    op.create_table(
        "review_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("last_outcome", sa.String(length=16), nullable=False),
        sa.Column("last_reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_review_cards_user_id_users"),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name="fk_review_cards_question_id_questions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_review_cards"),
        sa.UniqueConstraint("user_id", "question_id", name="uq_review_cards_user_id"),
    )
    op.create_index("ix_review_cards_user_id", "review_cards", ["user_id"])
    op.create_index("ix_review_cards_question_id", "review_cards", ["question_id"])
    op.create_index("ix_review_cards_due", "review_cards", ["due"])


def downgrade():
    op.drop_table("review_cards")
    op.drop_table("quiz_overrides")
    op.drop_table("quiz_settings")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("finished_at")
        batch_op.drop_column("tries")
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.alter_column("module_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("fk_attempts_source_attempt_id_attempts", type_="foreignkey")
        batch_op.drop_column("source_attempt_id")
        batch_op.drop_column("due_at")
        batch_op.drop_column("mode")
