"""draft questions: a teacher's review queue of drafted questions

Revision ID: b8e500000008
Revises: e9b2c0000009
Create Date: 2026-12-02 03:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8e500000008"
down_revision = "e9b2c0000009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("passage_anchor", sa.String(length=120), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_draft_questions_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["module_id"], ["modules.id"], name=op.f("fk_draft_questions_module_id_modules")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_draft_questions_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_draft_questions_question_id_questions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_questions")),
    )
    with op.batch_alter_table("draft_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_questions_article_id"), ["article_id"])
        batch_op.create_index(batch_op.f("ix_draft_questions_owner_id"), ["owner_id"])
        batch_op.create_index(batch_op.f("ix_draft_questions_status"), ["status"])


def downgrade():
    with op.batch_alter_table("draft_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_questions_status"))
        batch_op.drop_index(batch_op.f("ix_draft_questions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_draft_questions_article_id"))
    op.drop_table("draft_questions")
