from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store import create_schema, make_engine, metadata
from store.db import migration_config


def test_the_migrations_build_exactly_the_tables_the_code_defines(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_a_database_made_before_migrations_is_adopted_and_kept(tmp_path):
    legacy = make_engine(f"sqlite:///{tmp_path / 'legacy.db'}")
    config = migration_config()
    with legacy.begin() as connection:  # the tables create_all made then: revision 0001's
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql("DROP TABLE alembic_version")
    with legacy.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO employers (name, place_name, lat, lon) VALUES ('甲', '郑州', 34.8, 113.5)"
        )
    create_schema(legacy)
    create_schema(legacy)  # running it again changes nothing
    assert "alembic_version" in inspect(legacy).get_table_names()
    with legacy.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM employers").scalar_one() == "甲"
