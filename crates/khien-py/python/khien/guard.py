"""Lá chắn cho LLM (an LLM guardrail): mask personal data before a prompt leaves the agency,
restore it in the answer.

    >>> from khien import guard
    >>> masked, mapping = guard.mask("Ông Nguyễn Văn An, CCCD 001090000001, hỏi về thuế.")
    >>> masked                                                    # doctest: +SKIP
    'Ông [HỌ_TÊN_1], CCCD [CCCD_1], hỏi về thuế.'
    >>> guard.unmask("Kính gửi [HỌ_TÊN_1]", mapping)              # doctest: +SKIP
    'Kính gửi Nguyễn Văn An'

Placeholders are stable within a mapping: the same value (``0912 345 678`` and
``0912345678`` alike) gets the same placeholder, in one text and across the texts of a
conversation masked with the same mapping. The mapping holds the values in clear: keep it
inside the agency, never send it with the prompt.

:func:`chat` wraps any OpenAI-compatible chat call (``examples/openai_guard.py`` shows one
over plain HTTP).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, List, Optional, Tuple

from . import scan_text

__all__ = ["Mapping", "PLACEHOLDER_LABELS", "mask", "unmask", "chat"]

#: The placeholder label of each kind: ``[HỌ_TÊN_1]``, ``[CCCD_1]``. Vietnamese words as
#: officials write them; a kind not listed uses its code in capitals.
PLACEHOLDER_LABELS = {
    "person_name": "HỌ_TÊN",
    "national_id": "CCCD",
    "old_id": "CMND",
    "passport": "HỘ_CHIẾU",
    "phone": "SĐT",
    "email": "EMAIL",
    "tax_code": "MST",
    "social_insurance": "BHXH",
    "health_insurance": "BHYT",
    "bank_card": "SỐ_THẺ",
    "bank_account": "SỐ_TÀI_KHOẢN",
    "vehicle_plate": "BIỂN_SỐ",
    "driving_licence": "GPLX",
    "ip_address": "ĐỊA_CHỈ_IP",
    "gps_location": "VỊ_TRÍ",
    "date_of_birth": "NGÀY_SINH",
    "credential": "THÔNG_TIN_ĐĂNG_NHẬP",
    "address": "ĐỊA_CHỈ",
    "gender": "GIỚI_TÍNH",
    "nationality": "QUỐC_TỊCH",
    "marital_status": "HÔN_NHÂN",
    "family_relation": "QUAN_HỆ_GIA_ĐÌNH",
    "ethnicity": "DÂN_TỘC",
    "religion": "TÔN_GIÁO",
    "political_view": "QUAN_ĐIỂM_CHÍNH_TRỊ",
    "health": "SỨC_KHOẺ",
    "biometric": "SINH_TRẮC_HỌC",
    "sexual_life": "ĐỜI_SỐNG_TÌNH_DỤC",
    "criminal_record": "TIỀN_ÁN",
    "private_life": "ĐỜI_TƯ",
}

# A placeholder as written by mask; an LLM may echo it anywhere in its answer.
_PLACEHOLDER = re.compile(r"\[([^\[\]\s]+)_(\d+)\]")
# Separators people put inside numbers: the same number written two ways is one value.
_SEPARATORS = re.compile(r"[\s.\-()/]+")


def _canonical(kind: str, value: str) -> str:
    v = unicodedata.normalize("NFC", value).strip()
    if any(c.isdigit() for c in v) and kind != "address":
        return _SEPARATORS.sub("", v).upper()
    return " ".join(v.split()).casefold()


class Mapping(dict):
    """Placeholder → value, as :func:`mask` fills it (a plain ``dict`` with a memory of which
    value has which placeholder, so it can go on across the messages of a conversation).

    A plain ``dict`` (e.g. one read back from JSON) works with :func:`unmask` and can be
    passed to :func:`mask` again; the reverse index is rebuilt from it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._index: dict = {}
        self._next: dict = {}
        for placeholder, value in self.items():
            m = _PLACEHOLDER.fullmatch(placeholder)
            if not m:
                raise ValueError(
                    f"không phải ký hiệu thay thế (not a placeholder): {placeholder!r}"
                )
            label, n = m.group(1), int(m.group(2))
            self._index[(label, _canonical_for_label(label, value))] = placeholder
            self._next[label] = max(self._next.get(label, 0), n)

    def placeholder(self, kind: str, value: str) -> str:
        """The placeholder of ``value`` (of ``kind``), new or already given."""
        label = PLACEHOLDER_LABELS.get(kind, kind.upper())
        key = (label, _canonical(kind, value))
        found = self._index.get(key)
        if found is not None:
            return found
        n = self._next.get(label, 0) + 1
        self._next[label] = n
        placeholder = f"[{label}_{n}]"
        self._index[key] = placeholder
        self[placeholder] = value
        return placeholder


_KIND_OF_LABEL = {label: kind for kind, label in PLACEHOLDER_LABELS.items()}


def _canonical_for_label(label: str, value: str) -> str:
    return _canonical(_KIND_OF_LABEL.get(label, label.lower()), value)


def mask(
    text: str,
    mapping: Optional[dict] = None,
    *,
    kinds: Optional[Iterable[str]] = None,
    min_confidence: Optional[str] = None,
) -> Tuple[str, Mapping]:
    """Che dữ liệu cá nhân (mask personal data): each value found is replaced by a placeholder.

    :param mapping: a mapping from an earlier call, to go on numbering across the messages of
        a conversation (it is extended; a plain ``dict`` is copied into a :class:`Mapping`).
    :param kinds: only these kinds (all by default: secure by default).
    :param min_confidence: ``low`` (default), ``medium`` or ``high``.
    :returns: ``(masked_text, mapping)``.
    """
    if mapping is None:
        mapping = Mapping()
    elif not isinstance(mapping, Mapping):
        mapping = Mapping(mapping)
    findings = scan_text(text, kinds, min_confidence, show_values=True)
    out: List[str] = []
    pos = 0
    for f in findings:
        # The engine resolves overlaps; a finding inside one already replaced is skipped.
        if f.char_start < pos:
            continue
        out.append(text[pos : f.char_start])
        out.append(mapping.placeholder(f.kind, text[f.char_start : f.char_end]))
        pos = f.char_end
    out.append(text[pos:])
    return "".join(out), mapping


def unmask(text: str, mapping: dict) -> str:
    """Khôi phục (restore): puts the values back in place of the placeholders of ``mapping``.

    Placeholders that are not in the mapping (the model made one up) are left as they are.
    """

    def put_back(m: "re.Match[str]") -> str:
        return mapping.get(m.group(0), m.group(0))

    return _PLACEHOLDER.sub(put_back, text)


def chat(
    messages: List[dict],
    send: Callable[[List[dict]], str],
    mapping: Optional[dict] = None,
    **mask_options,
) -> Tuple[str, Mapping]:
    """Gọi LLM an toàn (a guarded chat call): masks the ``content`` of every message with one
    mapping, calls ``send(masked_messages)`` — your OpenAI-compatible client call, returning
    the answer's text — and restores the values in the answer.

    :returns: ``(answer, mapping)``; pass the mapping again for the next turn.
    """
    m: Mapping = mapping if isinstance(mapping, Mapping) else Mapping(mapping or {})
    masked = []
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            content, m = mask(content, m, **mask_options)
            message = {**message, "content": content}
        masked.append(message)
    answer = send(masked)
    return unmask(answer, m), m
