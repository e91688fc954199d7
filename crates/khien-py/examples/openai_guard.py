"""Ví dụ: gọi một LLM tương thích OpenAI mà không để dữ liệu cá nhân rời cơ quan.

Example: call an OpenAI-compatible chat endpoint (a hosted provider, or vLLM, llama.cpp or
Ollama on the agency's own servers) with the personal data masked by ``khien.guard``, and
read the answer with the values restored. Plain HTTP from the standard library; with the
``openai`` package the ``send`` function would be::

    client = openai.OpenAI(base_url=BASE_URL, api_key=KEY)
    def send(messages):
        r = client.chat.completions.create(model=MODEL, messages=messages)
        return r.choices[0].message.content

Run: ``OPENAI_BASE_URL=http://127.0.0.1:8000/v1 OPENAI_API_KEY=… python openai_guard.py "…"``
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from typing import Callable, List, Tuple

from khien import guard


def openai_sender(base_url: str, api_key: str, model: str) -> Callable[[List[dict]], str]:
    """A ``send`` function for :func:`khien.guard.chat` that POSTs to ``/chat/completions``."""

    def send(messages: List[dict]) -> str:
        body = json.dumps({"model": model, "messages": messages}).encode("utf-8")
        request = urllib.request.Request(
            base_url.rstrip("/") + "/chat/completions",
            data=body,
            headers={"content-type": "application/json", "authorization": f"Bearer {api_key}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        return answer["choices"][0]["message"]["content"]

    return send


def ask(question: str, base_url: str, api_key: str, model: str) -> Tuple[str, guard.Mapping]:
    """Asks ``question`` with its personal data masked; returns the restored answer."""
    messages = [
        {"role": "system", "content": "Bạn là trợ lý hành chính. Giữ nguyên các ký hiệu [..._N]."},
        {"role": "user", "content": question},
    ]
    return guard.chat(messages, openai_sender(base_url, api_key, model))


if __name__ == "__main__":
    answer, _ = ask(
        " ".join(sys.argv[1:]) or "Soạn thư trả lời ông Nguyễn Văn An (CCCD 001090000001).",
        os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1"),
        os.environ.get("OPENAI_API_KEY", ""),
        os.environ.get("OPENAI_MODEL", "local"),
    )
    print(answer)
