"""Legal structure that word similarity misses: attempts, violence, victims' ages and objects.

National offence titles qualify a base offence ("robo *con violencia o intimidación*", "*attempted*
murder", "violación *de menor de catorce años*", "hurto *de vehículo*"). :func:`read_cues` finds these
qualifiers in a text; :func:`apply_rules` then moves retrieval scores between ICCS codes the way the ICCS
manual does:

- attempts keep the offence's code and set the attempt tag, except intentional homicide: 0101 → 0102;
- violence or intimidation against a person turns theft and burglary into robbery (section 04); force on
  things without violence ("robo con fuerza en las cosas") keeps them out of it;
- a minor as victim turns rape into statutory rape, pornography and prostitution into their child forms,
  neglect into child neglect, and deprivation of liberty into abduction of a minor;
- the object: a vehicle (theft → 050211, robbery → 040121, negligent homicide → 010321), a firearm
  (weapons offences → their firearm codes), drugs for personal use or for supply.

A moved score keeps the source code in the list just below its replacement, so reviewers see both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crimestats.classification.text import fold

__all__ = ["Cues", "apply_rules", "read_cues", "strip_age", "strip_attempt"]


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_ATTEMPT = _words(
    r"tentativa",
    r"frustrad[oa]s?",
    r"en grado de tentativa",
    r"intento de",
    r"attempt(?:ed|s)?\b",
    r"frustrated",
)
_ATTEMPT_WORDS = re.compile(
    r"\b(?:en grado de tentativa|en grado de frustrado|tentativa de|tentativa|frustrad[oa]s?|"
    r"intento de|attempted|attempt to|attempt|frustrated)\b",
    re.IGNORECASE,
)
_VIOLENCE = _words(
    r"con violencia",
    r"con intimidacion",
    r"violencia o intimidacion",
    r"con arma",
    r"a mano armada",
    r"asalto",
    r"with violence",
    r"by violence",
    r"violence against",
    r"intimidation of",
    r"armed",
    r"with force or threat",
    r"by force or threat",
    r"use of force against",
)
_THEFT = _words(
    r"robo",
    r"hurto",
    r"sustraccion de (?:especies|bienes|vehiculo)",
    r"abigeato",
    r"theft",
    r"steal",
    r"stolen",
    r"larceny",
    r"robbery",
    r"carnapping",
    r"burglary",
    r"asalto",
)
_FORCE_ON_THINGS = _words(
    r"fuerza en las cosas",
    r"lugar habitado",
    r"lugar no habitado",
    r"casa habitacion",
    r"force upon things",
    r"break(?:ing)? and enter",
    r"escalamiento",
    r"fractura",
)
_MINOR = _words(
    r"menor(?:es)? de (?:edad|\d+|doce|catorce|dieciseis|dieciocho|trece|quince)",
    r"menores\b",
    r"menor\b",
    r"nin[oa]s?\b",
    r"infantil",
    r"infancia",
    r"adolescentes?",
    r"child(?:ren)?\b",
    r"minors?\b",
    r"under (?:the age of )?1[0-8]\b",
    r"juvenile",
    r"young person",
)
_VEHICLE = _words(
    r"vehiculos?",
    r"automovil(?:es)?",
    r"automotor(?:es)?",
    r"autos?\b",
    r"coches?\b",
    r"motocicletas?",
    r"camion(?:es)?",
    r"motor vehicles?",
    r"motorcycles?",
    r"\bcars?\b",
    r"conveyance",
    r"carnapping",
    r"carjacking",
    r"vehicular",
)
_PARTS = _words(
    r"autopartes",
    r"accesorios",
    r"piezas",
    r"partes de",
    r"neumaticos",
    r"parts\b",
    r"accessories",
    r"tyres",
    r"tires",
    r"catalytic",
)
_FROM_VEHICLE = _words(
    r"(?:desde|del|en el) (?:el )?interior de",
    r"desde (?:un |el )?(?:vehiculo|automovil|auto|coche)",
    r"from (?:a |the )?(?:\w+ )?(?:motor )?(?:vehicle|car)\b",
    r"objetos de vehiculos?",
    r"especies desde",
)
_FIREARM = _words(
    r"armas? de fuego", r"firearms?", r"handguns?", r"pistol", r"revolver", r"guns?\b"
)
_DRUGS = _words(
    r"drogas?",
    r"estupefacientes?",
    r"narcotic",
    r"psicotropic",
    r"sustancias? (?:sicotropicas|"
    r"psicotropicas|controladas)",
    r"marihuana",
    r"cannabis",
    r"cocaina",
    r"cocaine",
    r"heroin",
    r"controlled drugs?",
    r"dangerous drugs?",
    r"illicit drugs?",
    r"controlled substances?",
    r"narcomenudeo",
    r"microtrafico",
)
_PERSONAL_USE = _words(
    r"consumo personal",
    r"uso personal",
    r"propio consumo",
    r"personal (?:use|consumption)",
    r"tenencia simple",
    r"simple possession",
    r"possession of (?:a )?(?:controlled|illicit|dangerous)",
    r"posesion de (?:drogas|estupefacientes)",
    r"consumo de (?:drogas|estupefacientes)",
    r"use of (?:illicit|controlled)",
)
_SUPPLY = _words(
    r"trafico",
    r"venta",
    r"vender",
    r"comercializacion",
    r"suministr",
    r"narcomenudeo",
    r"microtrafico",
    r"traffick",
    r"supply",
    r"supplying",
    r"sale\b",
    r"selling",
    r"dealing",
    r"intent to supply",
    r"importing",
    r"exporting",
)
_NEGLIGENCE = _words(
    r"culpos[oa]s?",
    r"imprudencia",
    r"imprudente",
    r"negligen",
    r"cuasidelito",
    r"careless",
    r"reckless imprudence",
    r"without due care",
    r"por culpa",
)
_DEATH = _words(r"homicidio", r"muerte", r"death", r"homicide", r"manslaughter", r"killing")
_CYBER = _words(
    r"informatic[oa]s?",
    r"internet",
    r"en linea",
    r"medios? (?:tecnologicos|electronicos|digitales)",
    r"computer",
    r"cyber",
    r"online",
    r"electronic",
    r"digital",
)

# Where theft and burglary go when violence or intimidation against a person is used.
_ROBBERY_OF = {
    "05021": "040121",
    "050211": "040121",
    "050212": "040121",
    "050219": "040121",
    "05025": "04014",
    "050221": "040111",
    "0501": "040112",
    "05012": "040112",
    "050121": "040112",
    "050122": "040112",
    "05011": "040132",
    "05023": "040132",
    "050231": "040132",
}
# What a minor victim turns a category into.
_CHILD_FORM = {
    "0301": "030113",
    "03011": "030113",
    "030111": "030113",
    "030112": "030113",
    "030119": "030113",
    "0802": "030221",
    "08022": "030221",
    "08021": "030222",
    "03021": "030222",
    "0302": "03022",
    "08029": "030229",
    "0206": "020611",
    "02061": "020611",
    "020612": "020611",
    "020619": "020611",
    "0202": "02021",
    "02022": "02021",
    "020222": "02021",
    "020229": "02021",
    "060212": "11021",
    "06021": "11021",
    "060222": "11021",
}
_VEHICLE_FORM = {
    "0502": "050211",
    "05022": "050211",
    "050229": "050211",
    "05029": "050211",
    "0401": "040121",
    "04011": "040121",
    "040119": "040121",
    "0103": "010321",
    "01032": "010321",
    "010322": "010321",
    "0206": "02063",
    "02069": "02063",
}
_FIREARM_FORM = {
    "0901": "090111",
    "09011": "090111",
    "090112": "090111",
    "09012": "090121",
    "090122": "090121",
}


@dataclass(frozen=True, slots=True)
class Cues:
    """The legal qualifiers found in one offence text."""

    attempt: bool = False
    violence: bool = False
    theft: bool = False
    force_on_things: bool = False
    minor: bool = False
    vehicle: bool = False
    parts: bool = False
    from_vehicle: bool = False
    firearm: bool = False
    drugs: bool = False
    personal_use: bool = False
    supply: bool = False
    negligence: bool = False
    death: bool = False
    cyber: bool = False


def read_cues(text: str) -> Cues:
    """Find attempts, violence, minors, objects and negligence in ``text`` (any case, any accents)."""
    folded = fold(text)
    return Cues(
        attempt=bool(_ATTEMPT.search(folded)),
        violence=bool(_VIOLENCE.search(folded)),
        theft=bool(_THEFT.search(folded)),
        force_on_things=bool(_FORCE_ON_THINGS.search(folded)),
        minor=bool(_MINOR.search(folded)),
        vehicle=bool(_VEHICLE.search(folded)),
        parts=bool(_PARTS.search(folded)),
        from_vehicle=bool(_FROM_VEHICLE.search(folded)),
        firearm=bool(_FIREARM.search(folded)),
        drugs=bool(_DRUGS.search(folded)),
        personal_use=bool(_PERSONAL_USE.search(folded)),
        supply=bool(_SUPPLY.search(folded)),
        negligence=bool(_NEGLIGENCE.search(folded)),
        death=bool(_DEATH.search(folded)),
        cyber=bool(_CYBER.search(folded)),
    )


def strip_attempt(text: str) -> str:
    """``text`` without the words that only say it was an attempt (they would match 0102 by name)."""
    return re.sub(r"\s+", " ", _ATTEMPT_WORDS.sub(" ", fold(text))).strip()


_NUMBER = r"(?:\d+|doce|trece|catorce|quince|dieciseis|diecisiete|dieciocho|diez|twelve|thirteen|fourteen|fifteen|sixteen|eighteen)"
_AGE_WORDS = re.compile(
    rf"\b(?:de {_NUMBER} anos(?: de edad)?|de edad|(?:under|below) (?:the age of )?{_NUMBER}"
    rf"(?: years(?: of age| old)?)?|aged {_NUMBER}(?: years)?)\b"
)


def strip_age(text: str) -> str:
    """``text`` without the victim's age ("de catorce años", "under 16"): the minor rule uses it, and
    as words it would match every ICCS text that mentions an age."""
    return re.sub(r"\s+", " ", _AGE_WORDS.sub(" ", fold(text))).strip()


def _move(
    scores: dict[str, float],
    mapping: dict[str, str],
    reasons: dict[str, str],
    why: str,
    *,
    prefix: str | None = None,
) -> None:
    """Give each mapped code's score (a little more) to its replacement and halve the original."""
    for source in sorted(scores, key=lambda c: -scores[c]):
        target = mapping.get(source)
        if target is None and prefix and source.startswith(prefix):
            target = mapping.get(prefix)
        if target is None or target == source:
            continue
        moved = scores[source] * 1.05
        if moved > scores.get(target, 0.0):
            scores[target] = moved
            reasons[target] = why
        scores[source] *= 0.5


def apply_rules(scores: dict[str, float], cues: Cues) -> tuple[dict[str, float], dict[str, str]]:
    """New scores after the legal rules, and the rule that put each moved code in place."""
    out = dict(scores)
    reasons: dict[str, str] = {}
    if cues.violence and cues.theft:
        _move(out, _ROBBERY_OF, reasons, "rule: violence or intimidation makes theft robbery")
        for code in out:
            if code.startswith("04"):
                out[code] *= 1.5
    elif cues.theft and cues.force_on_things:
        for code in out:  # force on things and no violence named: burglary, not robbery
            if code.startswith("04"):
                out[code] *= 0.5
    if cues.minor:
        _move(out, _CHILD_FORM, reasons, "rule: a minor as victim")
    if cues.vehicle:
        _move(out, _VEHICLE_FORM, reasons, "rule: the object is a vehicle")
        if cues.theft and not cues.violence:
            target = "050213" if cues.parts else "050222" if cues.from_vehicle else "050211"
            thefts = {c: target for c in out if c.startswith("0502")}
            _move(out, thefts, reasons, "rule: theft of or from a vehicle")
    if cues.firearm:
        _move(out, _FIREARM_FORM, reasons, "rule: the object is a firearm")
    if cues.drugs:
        _drug_rules(out, cues, reasons)
    if cues.negligence and cues.death:
        _move(
            out,
            {"0101": "01032", "0102": "01032", "0103": "01032", "01031": "01032"},
            reasons,
            "rule: negligence causing death",
        )
    if cues.attempt:
        _move(out, {"0101": "0102"}, reasons, "rule: attempted intentional homicide is 0102")
    return out, reasons


def _drug_rules(out: dict[str, float], cues: Cues, reasons: dict[str, str]) -> None:
    if cues.personal_use and not cues.supply:
        _move(
            out,
            {"0601": "060111", "06012": "060111", "060121": "060111", "06011": "060111"},
            reasons,
            "rule: drugs for personal use",
        )
    elif cues.supply and not cues.personal_use:
        _move(
            out,
            {"0601": "060121", "06011": "060121", "060111": "060121", "06012": "060121"},
            reasons,
            "rule: drugs for supply",
        )
