"""Finding (medium, second half): the page parsed the uploaded workbook again on every run while
it sat in the uploader. `context.parse_once` keeps the result per file (by SHA-256)."""

from streamlit.testing.v1 import AppTest

from intake import InputError

READS: list[bytes] = []


def counting_read(data: bytes) -> str:
    READS.append(data)
    if data.startswith(b"bad"):
        raise InputError("坏文件")
    return data.decode()


def page():
    import streamlit as st

    from app import context
    from tests.security.test_parse_once import counting_read

    data = st.session_state.get("file", b"roster one")
    try:
        st.write(context.parse_once("roster_upload", data, counting_read))
    except Exception as error:  # the page shows what the reader refused
        st.error(str(error))


def test_a_file_is_parsed_once_however_often_the_page_runs():
    READS.clear()
    at = AppTest.from_function(page).run()
    for _ in range(4):
        at.run()
    assert READS == [b"roster one"]
    at.session_state["file"] = b"roster two"  # another upload
    at.run()
    at.run()
    assert READS == [b"roster one", b"roster two"]


def test_a_refused_file_is_not_read_again_either():
    READS.clear()
    at = AppTest.from_function(page)
    at.session_state["file"] = b"bad file"
    at.run()
    at.run()
    assert READS == [b"bad file"] and at.error[0].value == "坏文件"
