"""Direct quotations and their speakers. Entities are built from spaCy's NER here (canonical
name = the text unless a test says otherwise), so these tests do not depend on the entity
resolver."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dateline.extract.quotes import extract_quotes, find_quote_spans, title_like, word_count
from dateline.nlp import ParsedArticle
from dateline.records import Entity, Quote

Parse = Callable[..., ParsedArticle]


def quotes(parse: Parse, text: str, canonical: dict[str, str] | None = None) -> list[Quote]:
    doc = parse(text).doc
    entities = [
        Entity(e.text, e.label_, e.start_char, e.end_char, (canonical or {}).get(e.text, e.text))
        for e in doc.ents
    ]
    found = extract_quotes(doc, entities)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.text == q.text.strip()
        assert not q.text.endswith(",")
        if q.speaker_start is not None:
            assert q.speaker_end is not None and q.speaker_start < q.speaker_end
    return found


def one(parse: Parse, text: str, **kw: dict[str, str]) -> Quote:
    found = quotes(parse, text, **kw)
    assert len(found) == 1, found
    return found[0]


# --- speakers ---------------------------------------------------------------------------


def test_speaker_after_the_quote(parse: Parse) -> None:
    text = '"We will not back down," Defence Minister John Smith told reporters on Tuesday.'
    q = one(parse, text)
    assert q.text == "We will not back down"
    assert q.speaker == "John Smith"
    assert q.cue == "told"
    assert text[q.start - 1] == '"'
    assert text[q.speaker_start : q.speaker_end] == "John Smith"  # type: ignore[misc]


def test_speaker_is_the_canonical_name(parse: Parse) -> None:
    text = '"The border stays closed," Smith said on Friday.'
    q = one(parse, text, canonical={"Smith": "John Smith"})
    assert q.speaker == "John Smith"
    assert text[q.speaker_start : q.speaker_end] == "Smith"  # type: ignore[misc]


def test_inverted_said_name(parse: Parse) -> None:
    q = one(parse, '"Foolhardy provocation deserves harsh punishment", said KCNA.')
    assert q.speaker == "KCNA"
    assert q.cue == "said"
    assert q.text == "Foolhardy provocation deserves harsh punishment"


def test_split_quote_gives_two_records_with_the_same_speaker(parse: Parse) -> None:
    text = 'John Smith arrived on Monday. "The talks are over," he said, "and we are leaving."'
    first, second = quotes(parse, text)
    assert first.text == "The talks are over"
    assert second.text == "and we are leaving."
    assert first.speaker == second.speaker == "John Smith"
    assert text[first.speaker_start : first.speaker_end] == "he"  # type: ignore[misc]
    assert first.cue == second.cue == "said"


def test_colon_introduction(parse: Parse) -> None:
    q = one(parse, 'The minister said in a statement: "Our forces will respond to any attack."')
    assert q.text == "Our forces will respond to any attack."
    assert q.speaker == "The minister"
    assert q.cue == "said"


def test_colon_introduction_on_the_line_before(parse: Parse) -> None:
    text = 'Maria Lopez told the crowd on Sunday:\n"We will not leave this square."'
    q = one(parse, text)
    assert q.speaker == "Maria Lopez"
    assert q.cue == "told"


def test_nominal_title_resolves_to_the_person_written_with_it(parse: Parse) -> None:
    text = 'Prime Minister John Smith spoke in Paris. The minister said: "We will sign next week."'
    q = one(parse, text)
    assert q.speaker == "John Smith"
    assert text[q.speaker_start : q.speaker_end] == "The minister"  # type: ignore[misc]


def test_nominal_speaker_stays_as_written(parse: Parse) -> None:
    q = one(parse, "\u201cWe are ready for the vote,\u201d a police spokesman said.")
    assert q.speaker == "a police spokesman"
    assert q.text == "We are ready for the vote"


def test_according_to(parse: Parse) -> None:
    q = one(parse, '"The bridge was destroyed overnight," according to the regional governor.')
    assert q.speaker == "the regional governor"
    assert q.cue == "according to"


def test_pronoun_without_antecedent_keeps_cue_but_no_speaker(parse: Parse) -> None:
    text = '"We are leaving the city tonight," she said.'
    q = one(parse, text)
    assert q.speaker is None
    assert q.cue == "said"
    assert text[q.speaker_start : q.speaker_end] == "she"  # type: ignore[misc]


def test_pronoun_skips_people_named_inside_quotes(parse: Parse) -> None:
    text = 'Maria Lopez spoke after the match. "I told Carlos Ruiz that we would win," she said.'
    q = one(parse, text)
    assert q.speaker == "Maria Lopez"


def test_they_takes_the_earlier_plural_speaker(parse: Parse) -> None:
    text = (
        'The report\'s authors say the shortage is "a serious and growing problem". '
        'They call for "urgent action by every state government".'
    )
    first, second = quotes(parse, text)
    assert first.speaker == "The report's authors"
    assert second.speaker == "The report's authors"


def test_tweeted_and_wrote(parse: Parse) -> None:
    q = one(parse, 'Senator Ana Silva tweeted: "This bill will not pass the Senate."')
    assert q.speaker == "Ana Silva"
    assert q.cue == "tweeted"
    q = one(parse, '"The archive must stay open to everyone," Carlos Ruiz wrote in a letter.')
    assert q.speaker == "Carlos Ruiz"
    assert q.cue == "wrote"


def test_short_fragment_with_a_speech_clause_is_a_quote(parse: Parse) -> None:
    q = one(parse, 'Maria Lopez said the plan was "a grave mistake".')
    assert q.text == "a grave mistake"
    assert q.speaker == "Maria Lopez"


def test_quote_after_a_clause_that_introduces_the_next_quote(parse: Parse) -> None:
    text = (
        'Ana Silva scored twice. She said, "It felt good out there." '
        'After the match, coach Carlos Ruiz said, "We were simply outplayed today."'
    )
    first, second = quotes(parse, text)
    assert first.speaker == "Ana Silva"
    assert second.speaker == "Carlos Ruiz"


# --- continuation -----------------------------------------------------------------------


def test_quote_over_two_paragraphs_with_reopening_mark(parse: Parse) -> None:
    text = 'Maria Lopez told reporters: "We have waited for years.\n"Now we will act."'
    first, second = quotes(parse, text)
    assert first.text == "We have waited for years."
    assert second.text == "Now we will act."
    assert first.speaker == second.speaker == "Maria Lopez"


def test_quote_over_two_paragraphs_closed_only_in_the_second(parse: Parse) -> None:
    text = (
        'After the game, Carlos Ruiz said, "The first half went well.\n'
        'We should have scored twice more." The league meets on Monday.'
    )
    first, second = quotes(parse, text)
    assert first.text == "The first half went well."
    assert second.text == "We should have scored twice more."
    assert first.speaker == second.speaker == "Carlos Ruiz"


def test_next_quote_in_the_paragraph_keeps_the_speaker(parse: Parse) -> None:
    first, second = quotes(parse, '"We tried everything," Maria Lopez said. "Nothing worked."')
    assert second.text == "Nothing worked."
    assert first.speaker == second.speaker == "Maria Lopez"


def test_sentence_before_names_the_speaker(parse: Parse) -> None:
    text = 'Maria Lopez said the talks had collapsed. "Nobody wanted to compromise at all."'
    q = one(parse, text)
    assert q.speaker == "Maria Lopez"


def test_following_paragraph_continues_only_when_it_opens_with_the_quote(parse: Parse) -> None:
    text = (
        '"We will rebuild the school," Maria Lopez said.\n'
        '"The children deserve better than this."\n'
        "The council met later.\n"
        '"Nobody asked us about the plan."'
    )
    found = quotes(parse, text)
    assert [q.speaker for q in found] == ["Maria Lopez", "Maria Lopez", None]


# --- what is not a quote ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'The team was honored for "courageous achievement" on Tuesday.',
        'Officials called the shelling a "provocation" and left.',
        "The soldiers' families said they don't know where the men are.",
        'She curated "Photographs and Prints from the Collection" at the museum.',
        "North Korea puts its army on a 'quasi-state of war' footing.",
        'The "peace process" stalled again this year.',
    ],
)
def test_not_quotes(parse: Parse, text: str) -> None:
    assert quotes(parse, text) == []


def test_single_quotes_with_a_speaker(parse: Parse) -> None:
    text = "Ana Silva spoke after the vote. 'We will fight on to the very end,' she said."
    q = one(parse, text)
    assert q.text == "We will fight on to the very end"
    assert q.speaker == "Ana Silva"


def test_nested_quotes_belong_to_the_outer_quote(parse: Parse) -> None:
    text = "\"He told me 'go home now' and left,\" Carlos Ruiz said."
    q = one(parse, text)
    assert q.text == "He told me 'go home now' and left"
    assert q.speaker == "Carlos Ruiz"


def test_quote_without_any_cue_has_no_speaker(parse: Parse) -> None:
    q = one(parse, 'The hall was silent.\n"Those who forget history are doomed to repeat it."')
    assert q.speaker is None
    assert q.cue is None


def test_blanked_foreign_text_gives_no_quote(parse: Parse) -> None:
    text = 'The minister said: "\u0647\u0630\u0627 \u0646\u0635 \u0628\u0627\u0644\u0644\u063a\u0629 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0627\u0644\u0641\u0635\u062d\u0649 \u0627\u0644\u064a\u0648\u0645."'
    for q in quotes(parse, text):
        assert q.text.strip() == "" or q.text.isascii()


# --- helpers ----------------------------------------------------------------------------


def test_find_quote_spans_marks_and_offsets() -> None:
    text = 'A "b c" d \u201ce f\u201d g.\n"h i\n"j k"'
    spans = find_quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == ["b c", "e f", "h i", "j k"]
    assert [q.closed for q in spans] == [True, True, False, True]
    assert all(text[q.open] in '"\u201c' for q in spans)


def test_word_count_and_titles() -> None:
    assert word_count("self-medicating") == 1
    assert word_count("we don't know") == 3
    assert title_like("The Internet Explorer 6 Countdown")
    assert title_like("Cowboys and Indians")
    assert not title_like("We are ready.")
    assert not title_like("Hey John, my name is Frank")
