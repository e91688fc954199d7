"""Shared fixtures: invented records (no real person's data) used across the tests."""

import pytest

# A fictitious citizen: the CCCD has a valid province code (001, Hà Nội), the MST a valid
# check digit, the phone a Viettel prefix; none belongs to anyone.
RECORD = (
    "Họ tên: Nguyễn Văn An\n"
    "Số CCCD: 001090000001\n"
    "Điện thoại: 0912 345 678\n"
    "Email: an.nguyen@example.com\n"
)


@pytest.fixture
def record() -> str:
    return RECORD
