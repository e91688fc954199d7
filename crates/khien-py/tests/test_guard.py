"""The LLM guardrail: masking, stable placeholders, restoring; a chat through a fake
OpenAI-compatible server on loopback."""

import importlib.util
import json
import pathlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from khien import guard


def test_mask_replaces_values_with_stable_placeholders():
    text = (
        "Ông Nguyễn Văn An, CCCD 001090000001, SĐT 0912 345 678. "
        "Gọi lại số 0912345678 cho ông Nguyễn Văn An."
    )
    masked, mapping = guard.mask(text)
    assert "001090000001" not in masked and "Nguyễn Văn An" not in masked
    assert "0912" not in masked
    assert "[HỌ_TÊN_1]" in masked and "[CCCD_1]" in masked and "[SĐT_1]" in masked
    # The same person and the same number, written two ways, get one placeholder each.
    assert masked.count("[HỌ_TÊN_1]") == 2
    assert masked.count("[SĐT_1]") == 2
    assert "[SĐT_2]" not in masked
    assert mapping["[CCCD_1]"] == "001090000001"
    assert guard.unmask(masked, mapping).replace("0912345678", "0912 345 678") == text.replace(
        "0912345678", "0912 345 678"
    )


def test_mapping_goes_on_across_messages():
    _, m = guard.mask("Bà Trần Thị Bình, CCCD 001090000001.")
    masked, m2 = guard.mask("Còn ông Lê Văn Cường, CCCD 079085000123, là chồng bà Trần Thị Bình.", m)
    assert m2 is m
    assert "[CCCD_2]" in masked and "[HỌ_TÊN_2]" in masked and "[HỌ_TÊN_1]" in masked
    # A mapping stored as JSON and read back goes on numbering where it stopped.
    again = json.loads(json.dumps(m))
    masked3, m3 = guard.mask("Bà Phạm Thị Dung.", again)
    assert "[HỌ_TÊN_3]" in masked3 and m3["[HỌ_TÊN_1]"] == "Trần Thị Bình"


def test_unmask_leaves_unknown_placeholders():
    assert guard.unmask("[CCCD_9] và [HỌ_TÊN_1]", {"[HỌ_TÊN_1]": "An"}) == "[CCCD_9] và An"
    with pytest.raises(ValueError):
        guard.Mapping({"not a placeholder": "x"})


class _FakeLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible /chat/completions that echoes the user's message back inside an
    answer and records what it received."""

    received = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        _FakeLLM.received.append((self.path, self.headers.get("authorization"), body))
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        answer = {"choices": [{"message": {"role": "assistant", "content": f"Đã nhận: {user}"}}]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeLLM.received.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def _example():
    path = pathlib.Path(__file__).parent.parent / "examples" / "openai_guard.py"
    spec = importlib.util.spec_from_file_location("openai_guard", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chat_through_an_openai_compatible_server(fake_llm):
    example = _example()
    question = "Soạn thư trả lời ông Nguyễn Văn An, CCCD 001090000001, SĐT 0912345678."
    answer, mapping = example.ask(question, fake_llm, "test-key", "local")
    # What left the agency held no personal data...
    (path, auth, body), = _FakeLLM.received
    assert path == "/v1/chat/completions" and auth == "Bearer test-key"
    sent = json.dumps(body, ensure_ascii=False)
    for value in ("Nguyễn Văn An", "001090000001", "0912345678"):
        assert value not in sent
    assert "[HỌ_TÊN_1]" in sent and "[CCCD_1]" in sent
    # ...and the answer came back with the values restored.
    assert answer == f"Đã nhận: {question}"
    assert set(mapping.values()) >= {"Nguyễn Văn An", "001090000001", "0912345678"}
