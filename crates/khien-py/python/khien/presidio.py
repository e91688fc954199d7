"""Bộ nhận dạng Khiên cho Microsoft Presidio (a Presidio recognizer).

Add one recognizer and Presidio finds Vietnamese identifiers (CCCD, MST, BHXH, BHYT, plates,
bank accounts…), Vietnamese names and addresses, with Khiên's scores and reasons:

    from presidio_analyzer import AnalyzerEngine
    from khien.presidio import KhienRecognizer

    analyzer = AnalyzerEngine(...)               # your engine
    analyzer.registry.add_recognizer(KhienRecognizer(supported_language="vi"))

or, with no spaCy model to download (Khiên does its own analysis of Vietnamese)::

    from khien.presidio import analyzer_engine
    analyzer = analyzer_engine()                 # languages "vi" and "en"

Kinds that Presidio already names keep its entity names (``PHONE_NUMBER``,
``EMAIL_ADDRESS``, ``CREDIT_CARD``, ``IP_ADDRESS``, ``PERSON``, ``LOCATION``,
``DATE_TIME``…); Khiên's own are ``VN_CCCD``, ``VN_MST``, ``VN_BHXH``… (see
:data:`ENTITY_OF_KIND`).
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from . import KINDS, scan_text

__all__ = ["ENTITY_OF_KIND", "KhienRecognizer", "analyzer_engine"]

#: Presidio's entity name for each Khiên kind.
ENTITY_OF_KIND = {
    "national_id": "VN_CCCD",
    "old_id": "VN_CMND",
    "passport": "VN_PASSPORT",
    "phone": "PHONE_NUMBER",
    "email": "EMAIL_ADDRESS",
    "tax_code": "VN_MST",
    "social_insurance": "VN_BHXH",
    "health_insurance": "VN_BHYT",
    "bank_card": "CREDIT_CARD",
    "bank_account": "VN_BANK_ACCOUNT",
    "vehicle_plate": "VN_VEHICLE_PLATE",
    "driving_licence": "VN_DRIVER_LICENSE",
    "ip_address": "IP_ADDRESS",
    "gps_location": "LOCATION",
    "date_of_birth": "DATE_TIME",
    "credential": "VN_CREDENTIAL",
    "person_name": "PERSON",
    "address": "LOCATION",
    "gender": "VN_GENDER",
    "nationality": "NRP",
    "marital_status": "VN_MARITAL_STATUS",
    "family_relation": "VN_FAMILY_RELATION",
    "ethnicity": "NRP",
    "religion": "NRP",
    "political_view": "NRP",
    "health": "MEDICAL_CONDITION",
    "biometric": "VN_BIOMETRIC",
    "sexual_life": "VN_SEXUAL_LIFE",
    "criminal_record": "VN_CRIMINAL_RECORD",
    "private_life": "VN_PRIVATE_LIFE",
}


class KhienRecognizer(EntityRecognizer):
    """An ``EntityRecognizer`` backed by Khiên's personal-data engine.

    :param supported_language: the analyzer language this instance answers for (``vi`` by
        default; register one instance per language, e.g. ``en`` too for mixed records).
    :param supported_entities: the Presidio entities to report (all of
        :data:`ENTITY_OF_KIND` by default).
    :param min_confidence: Khiên's lowest confidence reported (``low`` by default; Presidio's
        ``score_threshold`` filters further on the score).
    """

    def __init__(
        self,
        supported_language: str = "vi",
        supported_entities: Optional[Sequence[str]] = None,
        min_confidence: Optional[str] = None,
        name: str = "KhienRecognizer",
    ) -> None:
        entities = list(
            supported_entities
            if supported_entities is not None
            else dict.fromkeys(ENTITY_OF_KIND.values())
        )
        self.min_confidence = min_confidence
        super().__init__(
            supported_entities=entities,
            name=name,
            supported_language=supported_language,
            version="1",
        )

    def load(self) -> None:
        """Nothing to load: the engine is built into the native module on first use."""

    def analyze(
        self,
        text: str,
        entities: List[str],
        nlp_artifacts=None,
    ) -> List[RecognizerResult]:
        """Runs Khiên over ``text`` and returns the findings whose entity was asked for."""
        wanted = set(entities or self.supported_entities) & set(self.supported_entities)
        kinds = [k for k in KINDS if ENTITY_OF_KIND.get(k) in wanted]
        if not kinds:
            return []
        results = []
        for f in scan_text(text, kinds, self.min_confidence):
            reasons = "; ".join(r["en"] for r in f.reasons)
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=f.score,
                textual_explanation=f"Khiên {f.kind} ({f.confidence}): {reasons}",
            )
            results.append(
                RecognizerResult(
                    entity_type=ENTITY_OF_KIND[f.kind],
                    start=f.char_start,
                    end=f.char_end,
                    score=f.score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        "khien_kind": f.kind,
                        "khien_sensitivity": f.sensitivity,
                        "khien_legal": f.legal,
                    },
                )
            )
        return results


def analyzer_engine(languages: Iterable[str] = ("vi", "en"), predefined: bool = False):
    """An ``AnalyzerEngine`` that needs no spaCy model: Presidio's ``NoOpNlpEngine`` (no
    tokens, no NER, nothing downloaded) and one :class:`KhienRecognizer` per language.

    :param predefined: also load Presidio's own pattern recognizers (credit cards, IBANs,
        URLs… for English); its NER-based ones find nothing without a model.
    """
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    langs = list(languages)
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "none"} for lang in langs])
    registry = RecognizerRegistry(supported_languages=langs)
    if predefined:
        registry.load_predefined_recognizers(languages=langs, nlp_engine=nlp_engine)
    for lang in langs:
        registry.add_recognizer(KhienRecognizer(supported_language=lang))
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=langs)
