"""Khiên cho Python: tìm, khử nhận dạng dữ liệu cá nhân tiếng Việt và kiểm tra lừa đảo.

Khiên for Python: find and de-identify Vietnamese personal data, and judge suspicious
messages and links — the same engines as the ``khien`` command-line tool, called as a
library (no server, no network).

    >>> import khien
    >>> [f.kind for f in khien.scan_text("Số CCCD: 001090000001")]
    ['national_id']

Findings carry the fields of the scan JSONL contract (``khien scan --format jsonl``):
``path``, ``kind``, ``start``, ``end`` (byte offsets into the UTF-8 text), ``line``,
``column``, ``offsets``, ``confidence``, ``score``, ``sensitivity``, ``legal``, ``masked``,
``fingerprint``, ``reasons``, ``also``, and ``value`` only when ``show_values=True``; for a
text, ``char_start`` and ``char_end`` index the Python string. Verdicts carry the fields of
``khien check --format json``.

Every function releases the GIL while the engine works; the plural functions (``scan_texts``,
``redact_texts``, ``check_messages``, ``scan_files``) spread a list over threads with one engine shared by all of them.

Submodules: :mod:`khien.guard` (masking prompts sent to an LLM), :mod:`khien.presidio` (a
Presidio recognizer), :mod:`khien.spark` (pandas UDFs and the data-lake inventory job).
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from . import _native

__all__ = [
    "Finding",
    "FileResult",
    "Verdict",
    "KINDS",
    "scan_text",
    "scan_texts",
    "scan_file",
    "scan_files",
    "redact_text",
    "redact_texts",
    "check_message",
    "check_messages",
    "check_url",
    "check_phone",
    "check_account",
    "__version__",
]

__version__: str = _native.__version__

#: Every kind code the engine reports (``national_id``, ``phone``, ``person_name``…).
KINDS: tuple = tuple(_native.kinds())

PathLike = Union[str, "os.PathLike[str]"]

# Fields of the JSONL record that are absent when empty or not asked for.
_OPTIONAL_FIELDS = {"value": None, "location": None, "also": ()}


class Finding:
    """Một phát hiện (one finding): the scan JSONL record, read as attributes.

    ``finding.kind``, ``finding.start``… are the record's fields; ``finding["kind"]`` works
    too, and :meth:`to_dict` gives the record exactly as ``khien scan --format jsonl`` writes
    it. ``char_start``/``char_end`` index the Python string that was scanned (``None`` for
    findings of a file).
    """

    __slots__ = ("_record", "char_start", "char_end")

    def __init__(
        self,
        record: dict,
        char_start: Optional[int] = None,
        char_end: Optional[int] = None,
    ) -> None:
        self._record = record
        self.char_start = char_start
        self.char_end = char_end

    def __getattr__(self, name: str) -> Any:
        try:
            return self._record[name]
        except KeyError:
            if name in _OPTIONAL_FIELDS:
                return _OPTIONAL_FIELDS[name]
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._record[name]

    def to_dict(self) -> dict:
        """The JSONL record (a copy)."""
        return dict(self._record)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Finding)
            and self._record == other._record
            and (self.char_start, self.char_end) == (other.char_start, other.char_end)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Finding(kind={self.kind!r}, start={self.start}, end={self.end}, "
            f"confidence={self.confidence!r}, masked={self.masked!r})"
        )


class FileResult(Sequence[Finding]):
    """Kết quả quét một tệp (the result of scanning one file).

    A sequence of its :class:`Finding` s, plus ``path``, ``status`` (``scanned``,
    ``skipped`` or ``error``), ``message`` (why it was skipped or failed), ``bytes``, ``notes``
    (how the file was read: limits, encrypted members, conversions — the JSONL ``note``
    records) and ``incomplete`` (part of the file was not read: "nothing found" is then not a
    clean result).
    """

    __slots__ = ("path", "status", "message", "bytes", "notes", "incomplete", "findings")

    def __init__(self, report: dict) -> None:
        self.path: str = report["path"]
        self.status: str = report["status"]
        self.message: Optional[str] = report["message"]
        self.bytes: int = report["bytes"]
        self.notes: list = report["notes"]
        self.incomplete: bool = report["incomplete"]
        self.findings: list = [Finding(r) for r in report["findings"]]

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, i):  # type: ignore[override]
        return self.findings[i]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __repr__(self) -> str:
        return (
            f"FileResult(path={self.path!r}, status={self.status!r}, "
            f"findings={len(self.findings)}, incomplete={self.incomplete})"
        )


class Verdict:
    """Kết luận kiểm tra lừa đảo (a scam-check verdict): the JSON of ``khien check``.

    Attributes: ``verdict`` (``dangerous``, ``suspicious``, ``no_signs``, ``unknown``),
    ``score`` (0–100), ``probability`` (the message model's, or ``None``), ``scam_types``,
    ``reasons`` (each with ``code``, ``vi``, ``en``, ``start``, ``end``), ``advice``,
    ``entities``, ``qr``. :meth:`to_dict` gives the JSON object. ``is_alarm`` is true for
    ``suspicious`` and ``dangerous``.
    """

    __slots__ = ("_report",)

    def __init__(self, report: dict) -> None:
        self._report = report

    def __getattr__(self, name: str) -> Any:
        try:
            return self._report[name]
        except KeyError:
            if name in ("probability", "qr"):
                return None
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._report[name]

    @property
    def is_alarm(self) -> bool:
        """True for ``suspicious`` and ``dangerous``."""
        return self._report["verdict"] in ("suspicious", "dangerous")

    def to_dict(self) -> dict:
        """The JSON object of ``khien check --format json`` (a copy)."""
        return dict(self._report)

    def __repr__(self) -> str:
        return f"Verdict(verdict={self.verdict!r}, score={self.score}, scam_types={self.scam_types!r})"


def _kinds(kinds: Optional[Iterable[str]]) -> Optional[list]:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        return [kinds]
    return list(kinds)


def _findings(out: tuple) -> list:
    records, spans = out
    return [Finding(r, s, e) for r, (s, e) in zip(json.loads(records), spans)]


def scan_text(
    text: str,
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    *,
    show_values: bool = False,
    field: Optional[str] = None,
) -> list:
    """Tìm dữ liệu cá nhân trong một văn bản (find personal data in a text).

    :param text: the text.
    :param field: the label of the field, column or key whose value the text is
        (``"Số CCCD"``, ``"so_dien_thoai"``): context, as a CSV header is for its cells.
    :param kinds: only these kind codes (see :data:`KINDS`); all when ``None``.
    :param min_confidence: ``"low"`` (default), ``"medium"`` or ``"high"``.
    :param show_values: put the value itself in each finding's ``value`` (masked otherwise).
    :returns: a list of :class:`Finding`, in text order.
    :raises ValueError: an unknown kind or confidence.
    """
    return _findings(_native.scan_text(text, _kinds(kinds), min_confidence, show_values, field))


def scan_texts(
    texts: Iterable[Optional[str]],
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    *,
    show_values: bool = False,
    threads: int = 0,
    field: Optional[str] = None,
) -> list:
    """:func:`scan_text` over many texts at once (``None`` gives no findings), e.g. the cells
    of one column (``field``: its name).

    The texts are spread over ``threads`` threads (0: one per core) sharing one engine, with
    the GIL released. Returns one list of findings per text, in order.
    """
    outs = _native.scan_texts(
        list(texts), _kinds(kinds), min_confidence, show_values, threads, field
    )
    return [_findings(o) for o in outs]


def scan_file(
    path: PathLike,
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    *,
    show_values: bool = False,
) -> FileResult:
    """Quét một tệp (scan one file) as ``khien scan`` does.

    Plain text is read as a stream; office documents, PDF, e-mail, CSV/JSON/HTML/XML and
    archives go through the extractor, within the same limits as the CLI. Offsets follow the
    JSONL contract (``offsets`` is ``file`` or ``segment``; see the README).

    :returns: a :class:`FileResult` (a sequence of findings with ``status`` and ``notes``).
    :raises FileNotFoundError: the path does not exist.
    :raises IsADirectoryError: the path is a folder (use :func:`scan_files`).
    """
    p = os.fspath(path)
    if not os.path.exists(p):
        raise FileNotFoundError(2, "không có tệp (no such file)", p)
    if os.path.isdir(p):
        raise IsADirectoryError(21, "là thư mục; dùng scan_files (a folder: use scan_files)", p)
    reports = _native.scan_paths([p], _kinds(kinds), min_confidence, show_values, 1, True)
    return FileResult(json.loads(reports)[0])


def scan_files(
    paths: Iterable[PathLike],
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
    *,
    show_values: bool = False,
    threads: int = 0,
    no_ignore: bool = False,
) -> list:
    """Quét tệp và thư mục (scan files and folders) with the CLI's parallel walk.

    Folders are walked respecting ``.gitignore``, ``.ignore`` and ``.khienignore`` unless
    ``no_ignore``. Returns one :class:`FileResult` per file, sorted by path.
    """
    ps = [os.fspath(p) for p in paths]
    reports = _native.scan_paths(ps, _kinds(kinds), min_confidence, show_values, threads, no_ignore)
    return [FileResult(r) for r in json.loads(reports)]


def _policy(policy: Union[None, str, "os.PathLike[str]"]) -> Optional[str]:
    if policy is None:
        return None
    if isinstance(policy, os.PathLike):
        with open(policy, encoding="utf-8") as f:
            return f.read()
    return policy


def _key(key: Union[None, str, bytes]) -> Optional[bytes]:
    if key is None or isinstance(key, bytes):
        return key
    return key.encode("utf-8")


def redact_text(
    text: str,
    policy: Union[None, str, "os.PathLike[str]"] = None,
    key: Union[None, str, bytes] = None,
) -> str:
    """Khử nhận dạng một văn bản (de-identify a text) as ``khien redact`` does a ``.txt`` file.

    :param policy: a policy as TOML text, or a path to a policy file (``pathlib.Path``);
        ``None`` uses the default policy (labels such as ``[SỐ CCCD]``, numbered
        ``[HỌ TÊN 1]`` pseudonyms).
    :param key: the secret for ``hash``, ``token`` and keyed pseudonyms (at least 16 bytes);
        with a key, pseudonyms are the same in every text and every process.
    :raises ValueError: a bad policy, or a policy that needs a key without one.
    """
    return _native.redact_text(text, _policy(policy), _key(key))


def redact_texts(
    texts: Iterable[Optional[str]],
    policy: Union[None, str, "os.PathLike[str]"] = None,
    key: Union[None, str, bytes] = None,
    *,
    threads: int = 0,
) -> list:
    """:func:`redact_text` over many texts, spread over threads (``None`` stays ``None``).

    Numbered pseudonyms restart in each text; give a ``key`` for pseudonyms that agree
    across texts.
    """
    return _native.redact_texts(list(texts), _policy(policy), _key(key), threads)


def check_message(
    text: str,
    sender: Optional[str] = None,
    channel: Optional[str] = None,
) -> Verdict:
    """Kiểm tra một tin nhắn (judge a message) as ``khien check TEXT`` does.

    :param sender: the sender as the phone shows it (a number or a brandname).
    :param channel: ``sms``, ``zalo``, ``facebook``, ``telegram``, ``email``, ``call`` or
        ``other``.

    Without a sender or channel, a pasted link, number or QR payload on its own is judged as
    such (``unknown`` when nothing is known about it), exactly like the CLI.
    """
    return Verdict(json.loads(_native.check_message(text, sender, channel)))


def check_messages(
    texts: Iterable[str],
    senders: Optional[Iterable[Optional[str]]] = None,
    channel: Optional[str] = None,
    *,
    threads: int = 0,
) -> list:
    """:func:`check_message` over many messages (one sender per message, or none)."""
    ts = list(texts)
    ss = None if senders is None else list(senders)
    return [Verdict(json.loads(r)) for r in _native.check_messages(ts, ss, channel, threads)]


def check_url(url: str) -> Verdict:
    """Kiểm tra một đường link (judge a link) as ``khien check --url`` does."""
    return Verdict(json.loads(_native.check_url(url)))


def check_phone(phone: str) -> Verdict:
    """Kiểm tra một số điện thoại (judge a phone number) as ``khien check --phone`` does."""
    return Verdict(json.loads(_native.check_phone(phone)))


def check_account(account: str, bank: Optional[str] = None) -> Verdict:
    """Kiểm tra một số tài khoản (judge a bank account) as ``khien check --account`` does."""
    return Verdict(json.loads(_native.check_account(account, bank)))
