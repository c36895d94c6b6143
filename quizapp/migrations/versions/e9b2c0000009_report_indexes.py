"""report indexes: a student's attempts at a module, covered for the overview and item analysis

Revision ID: e9b2c0000009
Revises: d7a1c0000007
Create Date: 2026-12-02 03:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "e9b2c0000009"
down_revision = "d7a1c0000007"
branch_labels = None
depends_on = None

COLUMNS = ["user_id", "module_id", "mode", "state", "number", "score", "max_score"]


def upgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_user_module", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_user_module")
