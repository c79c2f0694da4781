"""How data comes in, shared by transport and recruitment: tables, header aliases, row errors, identity."""

from intake.errors import InputError, MissingColumnsError, RowError
from intake.identity import (
    check_id_number,
    check_name,
    check_phone,
    mask_id_number,
    mask_name,
    mask_phone,
)
from intake.tables import Column, Table, read_table

__all__ = [
    "Column",
    "InputError",
    "MissingColumnsError",
    "RowError",
    "Table",
    "check_id_number",
    "check_name",
    "check_phone",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "read_table",
]
