from dateline.config import Settings
from dateline.nlp import ParsedArticle, Parser
from dateline.nlp.segment import language_spans
from dateline.records import Article, ArticleResult

MIXED = (
    "The minister spoke to reporters on Tuesday. She read out a post: "
    "\u0647\u0630\u0627 \u0646\u0635 \u0628\u0627\u0644\u0644\u063a\u0629 "
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0627\u0644\u0641\u0635\u062d\u0649. "
    "Then she left the room.\n\n"
    "Le gouvernement a refus\u00e9 la demande des manifestants hier soir.\n"
    "A second English paragraph describes the talks in Geneva."
)


def test_language_spans_mark_foreign_sentences() -> None:
    spans = language_spans(MIXED, "en")
    langs = {MIXED[s.start : s.end]: s.language for s in spans}
    assert langs["Then she left the room."] == "en"
    assert any(lang == "ar" for lang in langs.values())
    assert langs["Le gouvernement a refus\u00e9 la demande des manifestants hier soir."] == "fr"
    for s in spans:
        assert 0 <= s.start < s.end <= len(MIXED)


def test_parser_keeps_offsets_and_blanks_foreign_sentences(parse) -> None:  # type: ignore[no-untyped-def]
    parsed = parse(MIXED)
    assert len(parsed.doc.text) == len(MIXED)
    assert "\u0647" not in parsed.doc.text
    assert "gouvernement" not in parsed.doc.text
    skipped = [s for s in parsed.sentences if not s.parsed]
    assert {s.language for s in skipped} == {"ar", "fr"}
    for tok in parsed.doc:
        if not tok.is_space:
            assert MIXED[tok.idx : tok.idx + len(tok.text)] == tok.text
    parsed_text = [MIXED[s.start : s.end] for s in parsed.sentences if s.parsed]
    assert "A second English paragraph describes the talks in Geneva." in parsed_text


def test_article_in_language_without_pipeline_is_skipped() -> None:
    parser = Parser(Settings())
    article = Article(id="fr1", text="Le gouvernement a refus\u00e9 la demande.", language="fr")
    (result,) = list(parser.parse([article]))
    assert isinstance(result, ArticleResult)
    assert result.status == "skipped"
    assert "'fr'" in (result.reason or "")


def test_parser_yields_in_input_order() -> None:
    parser = Parser(Settings(batch_size=2))
    arts = [
        Article(id=str(i), text=f"Talks number {i} were held in Paris.", language="en")
        for i in range(5)
    ]
    arts.insert(2, Article(id="de", text="Die Regierung hat abgelehnt.", language="de"))
    results = list(parser.parse(arts))
    assert [r.article.id for r in results] == [a.id for a in arts]
    assert [isinstance(r, ParsedArticle) for r in results] == [True, True, False, True, True, True]


def test_same_script_sentence_inside_english_paragraph_is_found() -> None:
    text = (
        "The ambassador spoke briefly to reporters outside the embassy on Monday. "
        "Elle a ensuite déclaré que la France ne changerait pas sa position sur ce dossier. "
        "She then returned to the building without taking questions."
    )
    spans = language_spans(text, "en")
    langs = [(text[s.start : s.end][:10], s.language) for s in spans]
    assert ("Elle a ens", "fr") in langs
    assert sum(1 for _, lang in langs if lang == "en") == 2
