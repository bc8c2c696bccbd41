"""Language identification judges a text on its dominant script."""

from dateline.langid import detect_language, dominant_script_text

ARABIC_NAME = "\u0627\u0644\u0642\u0627\u0647\u0631\u0629"  # al-Qahira
ARABIC_SENTENCE = (
    "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 \u0625\u0646 "
    "\u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0627\u0646\u062a\u0647\u062a "
    "\u0628\u062f\u0648\u0646 \u0627\u062a\u0641\u0627\u0642 \u064a\u0648\u0645 "
    "\u0627\u0644\u0627\u062b\u0646\u064a\u0646"
)


def test_minority_script_letters_are_blanked_in_place() -> None:
    text = f"Talks in {ARABIC_NAME} ended."
    out = dominant_script_text(text)
    assert len(out) == len(text) and ARABIC_NAME not in out and out.startswith("Talks in ")


def test_english_with_a_few_arabic_words_is_english() -> None:
    text = (
        f"The ministry ({ARABIC_NAME}) said on Monday that the talks in {ARABIC_NAME} had ended "
        "without an agreement and that a second round was planned for next month."
    )
    assert detect_language(text).language == "en"


def test_arabic_with_a_latin_name_is_arabic() -> None:
    assert detect_language(f"{ARABIC_SENTENCE} (Reuters)").language == "ar"


def test_a_balanced_mix_is_judged_whole() -> None:
    text = f"{ARABIC_SENTENCE} and the minister said the talks ended without a deal"
    assert dominant_script_text(text) == text
