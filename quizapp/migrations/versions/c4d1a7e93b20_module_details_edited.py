"""module details_edited: a teacher's title and description survive init-db

Revision ID: c4d1a7e93b20
Revises: 78e35417c782
Create Date: 2026-11-30 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d1a7e93b20"
down_revision = "78e35417c782"
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows get false: their title and description still come from questions/*.yaml.
    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("details_edited", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.drop_column("details_edited")
