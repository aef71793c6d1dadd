"""Suggest ICCS codes for national offence texts: lexical retrieval, legal synonyms, then legal rules.

For each text: detect its language, note its legal qualifiers (:mod:`.rules`), drop the words that only say
"attempt", expand national legal words with ICCS wording (:mod:`.lexicon`), rank ICCS categories by BM25
over ICCS text (:mod:`.retrieval`), and let the rules move scores between codes. Scores are shares of the
top three candidates' total, so 0.9 means one clear winner and 0.4 a close call.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimestats.classification.iccs import iccs
from crimestats.classification.suggest.language import LANGUAGES, detect_languages
from crimestats.classification.suggest.lexicon import synonyms
from crimestats.classification.suggest.ngrams import ngram_model, similar
from crimestats.classification.suggest.retrieval import (
    NAMING_FIELDS,
    CodeScore,
    QueryTerm,
    build_index,
    retrieve,
)
from crimestats.classification.suggest.rules import (
    Cues,
    apply_rules,
    read_cues,
    strip_age,
    strip_attempt,
)
from crimestats.classification.text import fold, stem_tokens
from crimestats.errors import InputError
from crimestats.model import Classification

__all__ = [
    "SUGGEST_COLUMNS",
    "Suggestion",
    "candidates",
    "suggest",
    "suggest_one",
    "suggest_text",
]

SUGGEST_COLUMNS = ("id", "text", "rank", "iccs_code", "iccs_label", "score", "reason")
_SYNONYM_WEIGHT = 0.8
_NO_MATCH = "no ICCS text matches; code by hand"
_SPECIFIC_FLOOR = 0.3  # a subcategory this close to its parent's score may overtake it
_POOL = 3  # candidates whose scores make up the shares
_NGRAM_BELOW = 0.5  # spelling neighbours rank below every word match
_NGRAM_MIN = 0.15  # below this cosine similarity, shared letters are chance
_SPELLING_ONLY = 0.5  # shares of a text no word matched: always flagged for review
_QUALIFIER_WEIGHT = 0.25
# Words that grade or qualify an offence without naming it: they should not outvote the offence noun
# ("Robo *agravado*" is a robbery, not "homicidio agravado"; "Rape in the *first degree*").
_QUALIFIERS = {
    "es": "agravado agravada agravados calificado calificada simple simples especialmente especial "
    "generico generica basico primer segundo tercer grado modalidad",
    "en": "aggravated simple first second third degree basic general racially religiously offence offences offense "
    "offenses violation violations",
}


_SETTING_WEIGHT = 0.5
# A phrase saying where an offence happened ("on public transport", "en la vía pública", "at a
# football match") describes the setting, not the offence: its words count half, so "Pickpocketing on
# public transport" stays a theft. Not "in possession", "en estado de ebriedad" and the like.
_SETTING = re.compile(
    r"\b(?:in|on|at|inside|within|en|dentro de)\s+(?:the |a |an |la |el |los |las |un |una )?"
    r"(?!possession|charge|course|breach|contravention|custody|pursuance|relation|respect|order|"
    r"estado|grado|perjuicio|concurso|flagrancia|contra|materia|favor|raz|caso|forma|"
    r"calidad|condicion|circunstancia|relacion|ocasion|lugar habitado|lugar no habitado|"
    r"casa habitada|dwelling|danger|peligro|violation|violacion|infraccion|contravencion)"
    r"([^,;]+)"
    # who committed it and how: "cometida por funcionario público", "con violencia a mujer"
    r"|\b(?:cometid[oa]s? por|perpetrad[oa]s? por|committed by|por parte de|"
    r"(?:by|por) (?:a |an |the |un |una |el |la )?(?:public |police |state |prison |government )?"
    r"(?:officials?|officers?|servants?|funcionari[oa]s?|servidor(?:es)?|agentes?)\b|"
    r"con (?:violencia|intimidacion|fuerza)|with (?:violence|force)|by force)\b([^,;]*)"
)

# Words after which "in"/"en" introduces the object, not a place.
_NOT_SETTING_AFTER = frozenset(
    [
        "dealing",
        "dealings",
        "trafficking",
        "traffic",
        "trading",
        "trade",
        "participation",
        "participating",
        "engaging",
        "involvement",
        "interest",
        "interference",
        "interfering",
        "negligence",
        "negligent",
        "persons",
        "person",
        "damage",
        "danos",
        "dano",
        "deterioro",
        "destruccion",
        "incendio",
        "participacion",
        "trafico",
        "comercio",
    ]
)


def _setting_stems(text: str, lang: str) -> frozenset[str]:
    """Stems of the text's setting phrases that do not also occur outside them. The place of a theft,
    burglary or robbery is not a setting: ICCS divides those by premises ("en vivienda" is 05012), and
    how they were done decides between them ("con fuerza", "con violencia")."""
    folded = fold(text)
    if read_cues(folded).theft:
        return frozenset()  # and "con fuerza" is force on things there
    inside: set[str] = set()
    for match in _SETTING.finditer(folded):
        before = folded[: match.start()].split()
        if not before or before[-1] in _NOT_SETTING_AFTER:
            continue  # "Dealing in stolen property", "Trafficking in persons": the object, not a place
        inside.update(stem_tokens(match.group(match.lastindex or 0), lang))
        if match.group(2) is not None:  # the "with violence" words themselves count half too
            inside.update(stem_tokens(match.group(0), lang))
    if not inside:
        return frozenset()
    outside = stem_tokens(_SETTING.sub(" ", folded), lang)
    return frozenset(inside - set(outside)) if outside else frozenset()


@functools.cache
def _qualifier_stems(lang: str) -> frozenset[str]:
    return frozenset(stem_tokens(_QUALIFIERS.get(lang, ""), lang))


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked ICCS code for one offence text, with why it was suggested."""

    id: str
    text: str
    rank: int
    iccs_code: str
    iccs_label: str
    score: float
    reason: str
    lang: str = "en"
    attempt: bool = False
    cyber: bool = False

    def as_row(self) -> dict[str, Any]:
        """The row of ``crimestats iccs suggest`` output."""
        return {column: getattr(self, column) for column in SUGGEST_COLUMNS}


@functools.cache
def _synonym_stems(lang: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(padded term stems, term stems, expansion stems) of every synonym: matching on stems lets
    "aliens" use the entry for "alien" and "estupefacientes" the one for "estupefaciente"."""
    out = []
    for term, expansion in synonyms(lang).items():
        stems = tuple(stem_tokens(term, lang))
        if stems:
            out.append((f" {' '.join(stems)} ", stems, tuple(stem_tokens(expansion, lang))))
    return tuple(out)


def build_query(text: str, lang: str, *, use_synonyms: bool = True) -> tuple[list[QueryTerm], str]:
    """The query terms for ``text`` (attempt and age words removed, synonyms added) and its stem
    phrase."""
    phrase = strip_age(strip_attempt(text))
    sequence = stem_tokens(phrase, lang)
    stems = list(dict.fromkeys(sequence))
    extra: dict[str, list[str]] = {}
    added: dict[str, float] = {}
    setting = _setting_stems(phrase, lang)
    if use_synonyms:
        padded = f" {' '.join(sequence)} "
        for term, term_stems, expansion in _synonym_stems(lang):
            if term in padded:
                new = [s for s in expansion if s not in stems]
                if len(term_stems) == 1:
                    extra.setdefault(term_stems[0], []).extend(new)  # a synonym of that word
                else:  # a legal phrase: its ICCS wording joins the query (less, for a setting)
                    weight = _SYNONYM_WEIGHT * (
                        _SETTING_WEIGHT if set(term_stems) <= setting else 1.0
                    )
                    for stem in new:
                        added[stem] = max(added.get(stem, 0.0), weight)
    qualifiers = _qualifier_stems(lang)
    query = [
        QueryTerm(
            (stem, *dict.fromkeys(extra.get(stem, ()))),
            _QUALIFIER_WEIGHT
            if stem in qualifiers and len(stems) > 1
            else _SETTING_WEIGHT
            if stem in setting
            else 1.0,
        )
        for stem in stems
    ]
    query += [QueryTerm((stem,), weight) for stem, weight in added.items()]
    return query, " ".join(sequence)


def candidates(
    text: str,
    lang: str,
    classification: Classification,
    *,
    use_synonyms: bool = True,
    use_lexicon: bool = True,
) -> dict[str, CodeScore]:
    """Word retrieval alone: the categories whose ICCS or lexicon text shares words with ``text``."""
    query, phrase = build_query(text, lang, use_synonyms=use_synonyms)
    return retrieve(build_index(classification, lang, lexicon=use_lexicon), query, phrase)


def suggest_one(
    text: str,
    lang: str,
    classification: Classification,
    *,
    top: int = 5,
    use_synonyms: bool = True,
    use_rules: bool = True,
    use_lexicon: bool = True,
    use_ngrams: bool = True,
    found: dict[str, CodeScore] | None = None,
) -> tuple[list[tuple[str, float, str]], Cues]:
    """Ranked (code, share, reason) for one text in a known language, and the cues found in it;
    ``found`` is the word retrieval's result when the caller already has it."""
    cues = read_cues(text)
    if found is None:
        found = candidates(
            text, lang, classification, use_synonyms=use_synonyms, use_lexicon=use_lexicon
        )
    scores = prefer_specific(found, classification, _query_stems(text, lang), lang)
    notes = {code: f"{hit.field}: {hit.matched}" for code, hit in found.items()}
    if use_ngrams and len(scores) < top:
        _fill(scores, notes, text, lang, classification)
    rule_reasons: dict[str, str] = {}
    if use_rules:
        scores, rule_reasons = apply_rules(scores, cues)
    ranked = sorted(scores, key=lambda c: (-scores[c], c))[: max(top, _POOL)]
    pool = sum(scores[c] for c in ranked[:_POOL]) or 1.0
    pool /= 1.0 if found else _SPELLING_ONLY
    out = [
        (code, scores[code] / pool, _reason(code, notes.get(code), rule_reasons.get(code)))
        for code in ranked[:top]
    ]
    return out, cues


def _fill(
    scores: dict[str, float],
    notes: dict[str, str],
    text: str,
    lang: str,
    classification: Classification,
) -> None:
    """Add the categories of similarly spelled ICCS or lexicon text below the word matches (or in
    their place when there are none): "Autoaborto" shares no word with ICCS text but most of its
    letters with "aborto"."""
    similar_to = similar(ngram_model(classification, lang), strip_age(strip_attempt(text)))
    below = min(scores.values()) * _NGRAM_BELOW if scores else 1.0
    for code, (similarity, matched) in similar_to.items():
        if code not in scores and similarity >= _NGRAM_MIN:
            scores[code] = below * similarity
            notes[code] = f"similar spelling: {matched}"


def suggest_text(
    text: str,
    lang: str,
    classification: Classification,
    *,
    top: int = 5,
    use_synonyms: bool = True,
    use_lexicon: bool = True,
    **options: bool,
) -> tuple[list[tuple[str, float, str]], Cues, str]:
    """:func:`suggest_one`, after trying the other language when no word matched in ``lang``: a
    short title with no language evidence ("Parricide" in a mostly Spanish file) may have been given
    the wrong one. Also returns the language used."""
    flags = {"use_synonyms": use_synonyms, "use_lexicon": use_lexicon}
    found = candidates(text, lang, classification, **flags)
    if not found and lang in LANGUAGES:
        other = next(code for code in LANGUAGES if code != lang)
        in_other = candidates(text, other, classification, **flags)
        if in_other:
            lang, found = other, in_other
    ranked, cues = suggest_one(text, lang, classification, top=top, found=found, **flags, **options)
    return ranked, cues, lang


def _query_stems(text: str, lang: str) -> frozenset[str]:
    return frozenset(stem_tokens(strip_age(strip_attempt(text)), lang))


def prefer_specific(
    found: dict[str, CodeScore],
    classification: Classification,
    query: frozenset[str] = frozenset(),
    lang: str = "en",
) -> dict[str, float]:
    """Scores where a subcategory moves just above its parent when its text covers more of the query
    than the parent's ("robbery *in a dwelling*" is 040112 rather than 0401), or when the text contains
    a longer offence name (label, index, lexicon term) of the subcategory than of the parent
    ("*residential* burglary" is 05012 even if 0501's long description also says "residential")."""
    scores = {code: hit.score for code, hit in found.items()}
    for code, hit in sorted(found.items(), key=lambda kv: len(kv[0])):
        parent = classification.get(code).parent
        above = found.get(parent) if parent else None
        if (
            above is not None
            and (
                hit.coverage > above.coverage + 1e-9
                or _named(hit, query, lang) > max(_named(above, query, lang), 1)
            )
            and hit.score >= _SPECIFIC_FLOOR * scores[above.code]
            and scores[code] < scores[above.code]
        ):
            scores[code] = scores[above.code] * 1.05
    return scores


def _named(hit: CodeScore, query: frozenset[str], lang: str) -> int:
    """How many words the offence name a category matched has, when the text contains all of them (0
    when it matched a description or another long text, or a name with words the text lacks)."""
    if not query or hit.field not in NAMING_FIELDS:
        return 0
    name = _name_stems(hit.matched, lang)
    return len(name) if name <= query else 0


@functools.lru_cache(maxsize=16384)
def _name_stems(name: str, lang: str) -> frozenset[str]:
    return frozenset(stem_tokens(name, lang))


def _reason(code: str, note: str | None, rule: str | None) -> str:
    return "; ".join(part for part in (rule, note) if part) or code


def suggest(
    texts: Sequence[str],
    lang: str = "auto",
    top: int = 5,
    *,
    ids: Sequence[str] | None = None,
    classification: Classification | None = None,
) -> list[Suggestion]:
    """Up to ``top`` ICCS suggestions per text, rank 1 first; ``lang`` is ``en``, ``es`` or ``auto``.

    A text that matches nothing gets one row with an empty ``iccs_code``.
    """
    if lang != "auto" and lang not in LANGUAGES:
        raise InputError(f"language {lang!r} is not available; choose auto, {', '.join(LANGUAGES)}")
    if top < 1:
        raise InputError(f"top must be at least 1, not {top}")
    if ids is not None and len(ids) != len(texts):
        raise InputError(f"{len(ids)} ids for {len(texts)} texts; give one id per text")
    classification = classification or iccs()
    langs = detect_languages(texts) if lang == "auto" else [lang] * len(texts)
    rows: list[Suggestion] = []
    for position, (text, text_lang) in enumerate(zip(texts, langs, strict=True)):
        ident = ids[position] if ids is not None else str(position + 1)
        ranked, cues, text_lang = suggest_text(text or "", text_lang, classification, top=top)
        if not ranked:  # still one row, so every input text is accounted for
            rows.append(Suggestion(ident, text, 1, "", "", 0.0, _NO_MATCH, text_lang))
        for rank, (code, share, reason) in enumerate(ranked, start=1):
            rows.append(
                Suggestion(
                    id=ident,
                    text=text,
                    rank=rank,
                    iccs_code=code,
                    iccs_label=classification.get(code).label(text_lang),
                    score=round(share, 4),
                    reason=reason,
                    lang=text_lang,
                    attempt=cues.attempt,
                    cyber=cues.cyber,
                )
            )
    return rows
