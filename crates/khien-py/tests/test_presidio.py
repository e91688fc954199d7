"""Khiên inside real Presidio (presidio-analyzer and presidio-anonymizer from pip), with no
spaCy model downloaded."""

import pytest

presidio_analyzer = pytest.importorskip("presidio_analyzer")
presidio_anonymizer = pytest.importorskip("presidio_anonymizer")

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import NoOpNlpEngine  # noqa: E402
from presidio_anonymizer import AnonymizerEngine  # noqa: E402
from presidio_anonymizer.entities import OperatorConfig  # noqa: E402

from khien.presidio import KhienRecognizer, analyzer_engine  # noqa: E402

TEXT = (
    "Hồ sơ: ông Trần Minh Tuấn, số CCCD 001090000001, mã số thuế 0312345673, "
    "mã số BHXH: 7901234567, điện thoại 0912 345 678."
)


def test_analyzer_finds_vietnamese_identifiers():
    analyzer = analyzer_engine()
    results = analyzer.analyze(text=TEXT, language="vi")
    found = {(r.entity_type, TEXT[r.start : r.end]) for r in results}
    assert ("VN_CCCD", "001090000001") in found
    assert ("VN_MST", "0312345673") in found
    assert ("VN_BHXH", "7901234567") in found
    assert ("PHONE_NUMBER", "0912 345 678") in found
    assert ("PERSON", "Trần Minh Tuấn") in found
    cccd = [r for r in results if r.entity_type == "VN_CCCD"][0]
    assert cccd.score >= 0.8
    assert cccd.recognition_metadata["recognizer_name"] == "KhienRecognizer"
    assert cccd.recognition_metadata["khien_kind"] == "national_id"
    explained = analyzer.analyze(text=TEXT, language="vi", return_decision_process=True)
    why = [r for r in explained if r.entity_type == "VN_CCCD"][0].analysis_explanation
    assert "Khiên national_id" in why.textual_explanation and why.original_score >= 0.8
    # Presidio's entity filter reaches the recognizer.
    only = analyzer.analyze(text=TEXT, language="vi", entities=["VN_MST"])
    assert {r.entity_type for r in only} == {"VN_MST"}


def test_anonymizer_removes_them():
    analyzer = analyzer_engine()
    results = analyzer.analyze(text=TEXT, language="vi")
    out = AnonymizerEngine().anonymize(
        text=TEXT,
        analyzer_results=results,
        operators={"DEFAULT": OperatorConfig("replace")},
    ).text
    for value in ("001090000001", "0312345673", "7901234567", "0912 345 678", "Trần Minh Tuấn"):
        assert value not in out
    assert "<VN_CCCD>" in out and "<PERSON>" in out and "<VN_BHXH>" in out


def test_one_recognizer_added_to_an_existing_engine():
    # The way users who already run Presidio add it: their engine, one more recognizer.
    nlp = NoOpNlpEngine(models=[{"lang_code": "vi", "model_name": "none"}])
    registry = RecognizerRegistry(supported_languages=["vi"])
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["vi"])
    # Presidio alone (its language-independent pattern recognizers) finds no Vietnamese
    # identifier and no name here...
    before = {r.entity_type for r in analyzer.analyze(text=TEXT, language="vi")}
    assert not before & {"VN_CCCD", "VN_MST", "VN_BHXH", "PERSON"}
    # ...and finds them all once the recognizer is added.
    analyzer.registry.add_recognizer(KhienRecognizer(supported_language="vi"))
    after = {r.entity_type for r in analyzer.analyze(text=TEXT, language="vi")}
    assert {"VN_CCCD", "VN_MST", "VN_BHXH", "PERSON", "PHONE_NUMBER"} <= after
    # Mixed-language records: an English-language instance works on the same engine.
    en = analyzer_engine(languages=["en"])
    r = en.analyze(text="Customer CCCD 001090000001", language="en")
    assert [x.entity_type for x in r] == ["VN_CCCD"]
