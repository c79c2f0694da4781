from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store import create_schema, make_engine, metadata


def test_the_migrations_build_exactly_the_tables_the_code_defines(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_a_database_made_before_migrations_is_adopted_and_kept(tmp_path):
    legacy = make_engine(f"sqlite:///{tmp_path / 'legacy.db'}")
    metadata.create_all(legacy)
    with legacy.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO employers (name, place_name, lat, lon) VALUES ('甲', '郑州', 34.8, 113.5)")
    create_schema(legacy)
    create_schema(legacy)  # running it again changes nothing
    assert "alembic_version" in inspect(legacy).get_table_names()
    with legacy.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM employers").scalar_one() == "甲"
