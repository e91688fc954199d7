from typing import Callable, Iterable, Optional

PLACEHOLDER_LABELS: dict[str, str]

class Mapping(dict[str, str]):
    def placeholder(self, kind: str, value: str) -> str: ...

def mask(
    text: str,
    mapping: Optional[dict[str, str]] = ...,
    *,
    kinds: Optional[Iterable[str]] = ...,
    min_confidence: Optional[str] = ...,
) -> tuple[str, Mapping]: ...
def unmask(text: str, mapping: dict[str, str]) -> str: ...
def chat(
    messages: list[dict],
    send: Callable[[list[dict]], str],
    mapping: Optional[dict[str, str]] = ...,
    **mask_options: object,
) -> tuple[str, Mapping]: ...
