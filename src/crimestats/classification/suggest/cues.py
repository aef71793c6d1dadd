"""The legal qualifiers of an offence title: attempt, violence, victim, object, purpose, direction.

National offence titles qualify a base offence ("robo *con violencia o intimidación*", "*attempted*
murder", "violación *de menor de catorce años*", "hurto *de uso* de vehículo", "trata *con fines de
explotación laboral*"). :func:`read_cues` finds these qualifiers in a folded text; :mod:`.rules` then moves
scores between ICCS codes. Patterns are regular expressions over folded text (lower case, no accents);
those of the premises, the victim and the setting are in :mod:`.setting`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields

from crimestats.classification.suggest.setting import SETTING_PATTERNS
from crimestats.classification.suggest.setting import words as _words
from crimestats.classification.text import fold

__all__ = ["Cues", "read_cues", "strip_age", "strip_attempt"]


_OFFENCE_PATTERNS: dict[str, re.Pattern[str]] = {
    "attempt": _words(
        r"tentativa", r"frustrad[oa]s?", r"intento de", r"attempt(?:ed|s)?\b", r"frustrated"
    ),
    "violence": _words(
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
    ),
    "theft": _words(
        r"robo",
        r"hurto",
        r"sustraccion de (?:especies|bienes|vehiculo)",
        r"apoder(?:amiento|arse|are)",
        r"cosa mueble ajena",
        r"abigeato",
        r"theft",
        r"steal",
        r"stolen",
        r"larceny",
        r"robbery",
        r"carnapping",
        r"burglary",
        r"asalto",
    ),
    "force_on_things": _words(
        r"fuerza en las cosas",
        r"lugar habitado",
        r"lugar no habitado",
        r"casa habitacion",
        r"force upon things",
        r"break(?:ing)? and enter",
        r"escalamiento",
        r"fractura",
    ),
    "vehicle": _words(
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
    ),
    "parts": _words(
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
    ),
    "from_vehicle": _words(
        r"(?:desde|del|en el) (?:el )?interior de",
        r"desde (?:un |el )?(?:vehiculo|automovil|auto|coche)",
        r"from (?:a |the )?(?:\w+ )?(?:motor )?(?:vehicle|car)\b",
        r"objetos de vehiculos?",
        r"especies desde",
    ),
    # Taking a vehicle to use it, not to keep it (050212).
    "temporary_use": _words(
        r"(?:hurto|robo) de uso",
        r"uso ilegitimo",
        r"utilizacion ilegitima",
        r"uso no autorizado",
        r"joyrid",
        r"taking (?:without|a conveyance|a motor)",
        r"vehicle taking",
        r"unauthori[sz]ed (?:use|taking)",
        r"unlawful(?:ly)? tak",
        r"without (?:the )?(?:owner'?s )?consent",
    ),
    "firearm": _words(
        r"armas? de fuego", r"firearms?", r"handguns?", r"pistol", r"revolver", r"guns?\b"
    ),
    "drugs": _words(
        r"drogas?",
        r"estupefacientes?",
        r"narcotic",
        r"psicotropic",
        r"sustancias? (?:sicotropicas|psicotropicas|controladas)",
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
        r"drugs?\b",
        r"ganja",
        r"opium",
        r"opio\b",
        r"methamphetamine",
        r"metanfetamina",
        r"shabu",
        r"ecstasy",
        r"extasis",
        r"mdma",
        r"crack\b",
        r"pasta base",
        r"basuco",
        r"bazuco",
        r"amphetamine",
        r"anfetamina",
        r"khat\b",
        r"bhang",
        r"hashish",
        r"hachis",
    ),
    # Growing or making drugs, which ICCS separates from possessing and trafficking them.
    "cultivation": _words(
        r"cultiv",
        r"siembra",
        r"sembr",
        r"plantacion",
        r"grow",
        r"growing",
        r"cannabis farm",
        r"marihuana farm",
    ),
    "personal_use": _words(
        r"autoconsumo",
        r"self-?administ",
        r"consumo personal",
        r"uso personal",
        r"propio consumo",
        r"personal (?:use|consumption)",
        r"tenencia simple",
        r"simple possession",
        r"possession of (?:a )?(?:controlled|illicit|dangerous)",
        r"posesion\b",
        r"consumo\b",
        r"possess",
        r"use of (?:illicit|controlled)",
    ),
    "supply": _words(
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
        r"distribu",
        r"deliver",
    ),
    # Possession *for* supply is supply, whatever else the title says.
    "supply_purpose": _words(
        r"(?:with )?intent to (?:supply|sell|distribute|deliver|traffic)",
        r"purpose of (?:supply|sale|trafficking|distribution)",
        r"for (?:sale|supply)\b",
        r"para (?:su )?(?:venta|comercializ|trafic|distribu|suministr)",
        r"commercial (?:cannabis|marijuana|drug|grow|farm|quantit|scale)",
        r"con fines de (?:venta|comercializ|trafic|distribu)",
    ),
    # Drug equipment is its own category (06019), whatever the drugs are for.
    "paraphernalia": _words(r"utensilios", r"parafernalia", r"paraphernalia", r"equipment"),
    "negligence": _words(
        r"culpos[oa]s?",
        r"imprudencia",
        r"imprudente",
        r"negligen",
        r"cuasidelito",
        r"careless",
        r"reckless imprudence",
        r"without due care",
        r"por culpa",
    ),
    "death": _words(
        r"homicidio",
        r"muerte",
        r"asesinato",
        r"sicariato",
        r"death",
        r"homicide",
        r"manslaughter",
        r"killing",
        r"murder",
        r"mortal\b",
        r"fatal\b",
        r"fallecimiento",
    ),
    "driving": _words(
        r"conduc(?:cion|ir|tor|iendo)",
        r"manej(?:o|ar|ando)",
        r"accidente de (?:transito|trafico)",
        r"atropell",
        r"driv(?:e|er|ing)\b",
        r"vehicular",
        r"road traffic",
        r"transito",
    ),
    # Any sign that the offence concerns road traffic (traffic codes need one).
    "traffic": _words(
        r"conduc",
        r"manej",
        r"transito",
        r"velocidad",
        r"licencia",
        r"alcoholemia",
        r"carretera",
        r"driv",
        r"traffic",
        r"speed",
        r"licen[cs]e",
        r"road",
        r"breath",
        r"hit and run",
        r"insurance",
        r"seguro",
        r"placas",
        r"revision tecnica",
        r"motorist",
    ),
    "alcohol": _words(
        r"ebri",
        r"embriag",
        r"alcohol",
        r"bebidas",
        r"drink",
        r"drunk",
        r"liquor",
        r"breath",
    ),
    "cyber": _words(
        r"informatic[oa]s?",
        r"internet",
        r"en linea",
        r"medios? (?:tecnologicos|electronicos|digitales)",
        r"computer",
        r"cyber",
        r"online",
        r"electronic",
        r"digital",
    ),
    "rape": _words(
        r"violacion\b",
        r"acceso carnal",
        r"rape\b",
        r"penetra",
        r"sexual intercourse",
        r"relaciones sexuales",
        r"carnal knowledge",
    ),
    # Force on the person, for sexual offences ("violación con fuerza" is not force on things).
    "force": _words(
        r"con (?:uso de (?:la )?)?(?:violencia|fuerza)",
        r"intimidacion",
        r"by (?:the )?(?:use of )?force",
        r"forcible",
        r"with force",
        r"violence",
        r"(?:uso de |con )armas?",
        r"armed",
        r"weapon",
    ),
    "without_force": _words(
        r"privad[oa] de sentido",
        r"inconsciente",
        r"incapaz de resistir",
        r"unconscious",
        r"drug.facilitated",
        r"without force",
    ),
    "trafficking": _words(
        r"trata\b",
        r"trata de (?:personas|seres humanos|blancas|menores|mujeres)",
        r"human trafficking",
        r"trafficking (?:in|of) (?:persons|people|human|women|children)",
        r"people trafficking",
    ),
    "sexual_purpose": _words(r"sexual", r"prostitu", r"commercial sex"),
    "labour_purpose": _words(
        r"laboral",
        r"trabajos? forzos",
        r"servidumbre",
        r"labou?r",
        r"servitude",
        r"domestic work",
    ),
    "organ_purpose": _words(r"organos", r"organs?\b"),
    "abduction": _words(r"sustraccion", r"retencion", r"secuestro", r"rapto", r"abduc", r"kidnap"),
    # Taking a minor away from their guardian, as opposed to kidnapping for gain.
    "taking_away": _words(r"sustraccion", r"retencion", r"rapto", r"abduc"),
    "parent": _words(
        r"progenitor", r"padres?\b", r"madre", r"parent", r"father", r"mother", r"custod"
    ),
    "relative": _words(r"pariente", r"familiar\b", r"relative", r"family member"),
    "bribery": _words(r"cohecho", r"soborn", r"dadiva", r"brib"),
    "active": _words(
        r"activo",
        r"ofrec",
        r"ofert",
        r"promet",
        r"(?:cohecho|soborno) a\b",
        r"offer",
        r"giving",
        r"promis",
        r"bribery of",
        r"bribing",
        r"paying",
    ),
    "passive": _words(
        r"pasivo",
        r"acept",
        r"recib",
        r"solicit",
        r"exig",
        r"accept",
        r"receiv",
        r"request",
        r"taking a bribe",
    ),
    "injury": _words(r"lesion", r"herid", r"golpes", r"injur", r"harm\b", r"wound", r"hurt\b"),
    "no_injury": _words(
        r"sin (?:causar )?lesion", r"without (?:causing )?(?:injury|harm)", r"no injury"
    ),
    "threat": _words(r"amenaza", r"threat", r"menac", r"intimid"),
    "serious_threat": _words(
        r"con arma", r"de muerte", r"muerte", r"with a (?:deadly )?weapon", r"to kill", r"death"
    ),
    "conspiracy": _words(r"conspira", r"confabula", r"concierto para"),
    # Handling goods that someone else stole is an act involving the proceeds of crime (07049).
    "stolen_goods": _words(
        r"stolen (?:property|goods)",
        r"(?:bienes|especies|objetos|cosas) (?:robad|hurtad)",
        r"objeto de (?:un )?delito",
        r"provenientes? de (?:un )?delito",
        r"receptacion",
        r"fencing",
    ),
    "robo": _words(r"robos?\b"),
    # Taking without violence or intimidation: a theft, whatever the national word ("Robo ... sin violencia").
    "without_violence": _words(
        r"sin (?:violencia|intimidacion)", r"without (?:violence|force|threat)", r"non-?violent"
    ),
    # Spanish "violación de <a rule, a place, a secret>" is a violation, not a rape.
    "violation": re.compile(
        r"\bviolacion(?:es)? (?:de|a) (?:la |las |los |el |lo |una |un )?(?:orden|medid|norma|domicil|"
        r"morada|secret|sello|correspond|derech|ley|regla|deber|prohib|condicion|sepultura|cadaver|"
        r"comunicac|privacidad|intimidad|confidencial|reserva|dato|frontera|embargo|veda|cuarentena|"
        r"propiedad|patente|marca|contrato|garant|libertad|fuero|inmunidad|disposicion|regimen|"
        r"reglament|acuerdo|convenio|tratado|principio|bandera|cerco|clausura|precinto|espacio)"
    ),
    # A weapon named as the means of an offence against a person or property ("Robo con arma de
    # fuego", "Robbery by threatening with a knife"): the offence is the robbery, not a weapons offence.
    "weapon_means": re.compile(
        r"\b(?:robo|atraco|asalto|lesion|agresion|homicidio|asesinato|amenaza|violacion|secuestro|"
        r"robbery|hold-? ?up|mugging|assault|murder|homicide|threat|menac|rape|kidnap|wounding|"
        r"carjacking)\w*\b.*\b(?:con|por|mediante|with|using|by|armed|threatening)\b.*"
        r"\b(?:armas?|weapons?|knife|knives|cuchillo|navaja|machete|firearms?|guns?|pistol|revolver|"
        r"blade)\b"
    ),
    "hunting": _words(r"caza", r"cazar", r"pesca", r"pescar", r"hunt", r"fishing", r"poach"),
}

_PATTERNS = {**_OFFENCE_PATTERNS, **SETTING_PATTERNS}


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
    temporary_use: bool = False
    firearm: bool = False
    drugs: bool = False
    personal_use: bool = False
    supply: bool = False
    paraphernalia: bool = False
    negligence: bool = False
    death: bool = False
    driving: bool = False
    cyber: bool = False
    rape: bool = False
    force: bool = False
    without_force: bool = False
    trafficking: bool = False
    sexual_purpose: bool = False
    labour_purpose: bool = False
    organ_purpose: bool = False
    abduction: bool = False
    parent: bool = False
    relative: bool = False
    bribery: bool = False
    active: bool = False
    passive: bool = False
    threat: bool = False
    serious_threat: bool = False
    traffic: bool = False
    supply_purpose: bool = False
    taking_away: bool = False
    injury: bool = False
    no_injury: bool = False
    lethal: bool = False
    universal: bool = False
    alcohol: bool = False
    conspiracy: bool = False
    stolen_goods: bool = False
    dwelling: bool = False
    robo: bool = False
    hunting: bool = False
    weapon_means: bool = False
    violation: bool = False
    without_violence: bool = False
    business: bool = False
    cultivation: bool = False
    justice_target: bool = False
    voter: bool = False
    pressure: bool = False
    street: bool = False
    financial: bool = False
    public_premises: bool = False


_NAMES = tuple(f.name for f in fields(Cues))


def read_cues(text: str) -> Cues:
    """Find attempts, violence, victims, objects, purposes and negligence in ``text`` (any case, any
    accents)."""
    return _read_folded(fold(text))


@functools.lru_cache(maxsize=4096)
def _read_folded(folded: str) -> Cues:
    """The cues of a folded text: one cache for a title and its folded form."""
    return Cues(**{name: bool(_PATTERNS[name].search(folded)) for name in _NAMES})


_ATTEMPT_WORDS = re.compile(
    r"\b(?:en grado de tentativa|en grado de frustrado|tentativa de|tentativa|frustrad[oa]s?|"
    r"intento de|attempted|attempt to|attempt|frustrated)\b",
    re.IGNORECASE,
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
