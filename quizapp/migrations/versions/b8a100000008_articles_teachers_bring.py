"""articles teachers bring: status, owner, format, source, date, cleaning corrections; retired
passages

Revision ID: b8a100000008
Revises: e9b2c0000009
Create Date: 2026-12-02 02:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8a100000008"
down_revision = "a11d40000011"
branch_labels = None
depends_on = None


def upgrade():
    # Existing articles (the seed) are published and have no owner.
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="published", nullable=False)
        )
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("format", sa.String(length=16), server_default="text", nullable=False)
        )
        batch_op.add_column(
            sa.Column("source_url", sa.String(length=500), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("dated", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("corrections", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_owner_id_users"), "users", ["owner_id"], ["id"]
        )
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("passages", schema=None) as batch_op:
        batch_op.drop_column("retired")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_owner_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_articles_owner_id"))
        for column in (
            "published_at",
            "corrections",
            "dated",
            "source_url",
            "format",
            "owner_id",
            "status",
        ):
            batch_op.drop_column(column)
