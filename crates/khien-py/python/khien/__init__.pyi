"""Type stubs of the khien package (Khiên for Python)."""

import os
from typing import Any, Iterable, Iterator, Optional, Sequence, Union, overload

__version__: str
KINDS: tuple[str, ...]

_PathLike = Union[str, os.PathLike[str]]

class Finding:
    """One finding: the scan JSONL record as attributes."""

    path: str
    kind: str
    start: int
    end: int
    line: int
    column: int
    offsets: str
    location: Optional[str]
    confidence: str
    score: float
    sensitivity: str
    legal: list[str]
    masked: str
    value: Optional[str]
    fingerprint: str
    reasons: list[dict[str, str]]
    also: Sequence[str]
    char_start: Optional[int]
    char_end: Optional[int]
    def __init__(
        self, record: dict[str, Any], char_start: Optional[int] = ..., char_end: Optional[int] = ...
    ) -> None: ...
    def __getitem__(self, name: str) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

class FileResult(Sequence[Finding]):
    """The result of scanning one file."""

    path: str
    status: str
    message: Optional[str]
    bytes: int
    notes: list[dict[str, Any]]
    incomplete: bool
    findings: list[Finding]
    def __init__(self, report: dict[str, Any]) -> None: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, i: int) -> Finding: ...
    @overload
    def __getitem__(self, i: slice) -> list[Finding]: ...
    def __iter__(self) -> Iterator[Finding]: ...

class Verdict:
    """A scam-check verdict: the JSON of `khien check --format json`."""

    verdict: str
    score: int
    probability: Optional[float]
    scam_types: list[str]
    reasons: list[dict[str, Any]]
    advice: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    qr: Optional[dict[str, Any]]
    @property
    def is_alarm(self) -> bool: ...
    def __init__(self, report: dict[str, Any]) -> None: ...
    def __getitem__(self, name: str) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

def scan_text(
    text: str,
    kinds: Optional[Iterable[str]] = ...,
    min_confidence: Optional[str] = ...,
    *,
    show_values: bool = ...,
    field: Optional[str] = ...,
) -> list[Finding]: ...
def scan_texts(
    texts: Iterable[Optional[str]],
    kinds: Optional[Iterable[str]] = ...,
    min_confidence: Optional[str] = ...,
    *,
    show_values: bool = ...,
    threads: int = ...,
    field: Optional[str] = ...,
) -> list[list[Finding]]: ...
def scan_file(
    path: _PathLike,
    kinds: Optional[Iterable[str]] = ...,
    min_confidence: Optional[str] = ...,
    *,
    show_values: bool = ...,
) -> FileResult: ...
def scan_files(
    paths: Iterable[_PathLike],
    kinds: Optional[Iterable[str]] = ...,
    min_confidence: Optional[str] = ...,
    *,
    show_values: bool = ...,
    threads: int = ...,
    no_ignore: bool = ...,
) -> list[FileResult]: ...
def redact_text(
    text: str,
    policy: Union[None, str, os.PathLike[str]] = ...,
    key: Union[None, str, bytes] = ...,
) -> str: ...
def redact_texts(
    texts: Iterable[Optional[str]],
    policy: Union[None, str, os.PathLike[str]] = ...,
    key: Union[None, str, bytes] = ...,
    *,
    threads: int = ...,
) -> list[Optional[str]]: ...
def check_message(
    text: str, sender: Optional[str] = ..., channel: Optional[str] = ...
) -> Verdict: ...
def check_messages(
    texts: Iterable[str],
    senders: Optional[Iterable[Optional[str]]] = ...,
    channel: Optional[str] = ...,
    *,
    threads: int = ...,
) -> list[Verdict]: ...
def check_url(url: str) -> Verdict: ...
def check_phone(phone: str) -> Verdict: ...
def check_account(account: str, bank: Optional[str] = ...) -> Verdict: ...
