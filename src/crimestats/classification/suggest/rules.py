"""Legal rules that move retrieval scores between ICCS codes the way the ICCS manual does.

The qualifiers come from :func:`.cues.read_cues`; the rules:

- attempts keep the offence's code and set the attempt tag, except intentional homicide: 0101 → 0102;
- violence or intimidation against a person turns theft and burglary into robbery (section 04);
  "without violence" turns robbery into theft; force on things without violence ("robo con fuerza en
  las cosas") keeps them out of it;
- the premises named (a shop, a bank, a school...) move a robbery, burglary, theft or damage of
  unnamed premises to the premises' subcategory (040132, 040131, 05011, 05013, 05023, 05024, 05043...);
- a minor as victim turns rape into statutory rape, pornography and prostitution into their child forms,
  neglect into child neglect, and deprivation of liberty into abduction of a minor;
- the object: a vehicle (theft → 050211, taken for use → 050212, robbery → 040121), a firearm (weapons
  offences → their firearm codes), drugs for personal use, for supply, or drug equipment (06019);
- a death caused while driving is vehicular homicide (010321), a negligent one negligent manslaughter;
- rape with force → 030111, of a person unable to resist → 030112;
- a rape (Spanish "violación" not followed by an order, a rule, a place...) is a sexual offence: codes
  outside sections 01 and 03 and acts under universal jurisdiction are damped;
- threatening, intimidating or bribing a voter is an election offence (08071), a witness or a juror
  an act against the justice system (08061);
- growing drugs is 060112 for one's own use, 060123 for supply and 0601 when no purpose is named;
- a weapon named as the means of a robbery, assault, threat, rape or homicide does not make it a
  weapons offence (0901 damped);
- trafficking in persons for a named purpose → 02041 (sexual), 02042 (labour), 02043 (organs);
- abduction of a minor by a parent → 020211, by another relative → 020212;
- bribery named as offering or giving → 070311, as accepting or soliciting → 070312;
- conspiracy to murder → 0102, as the ICCS alphabetical index has it;
- a threat with a weapon or of death → 020121; hunting or fishing of protected species → 10042;
- an injury caused by negligence → 0206 (02063 when driving), "without injury" → 020112; driving under
  alcohol → 020721, under drugs → 020722, under both → 02072; handling stolen goods → 07049;
- categories whose setting the text does not name are damped: acts leading to death (01) without a death
  or life at stake, acts under universal jurisdiction (1101) without a conflict or the like, threats
  without a threat, driving offences without any sign of road traffic.

A moved score keeps the source code in the list just below its replacement, so reviewers see both.
"""

from __future__ import annotations

from crimestats.classification.suggest.cues import Cues, read_cues, strip_age, strip_attempt

__all__ = ["Cues", "apply_rules", "read_cues", "strip_age", "strip_attempt"]

_DAMPING = (
    0.3  # for codes the text's own words rule out (a rape, a weapon as the means, no setting)
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
# Where a property offence of unnamed premises goes when the text names them: (robbery, burglary,
# theft, damage) → the premises' subcategory.
_PREMISES_FORM = {
    "financial": {"0401": "040131", "04013": "040131", "040132": "040131", "0501": "05011"},
    "business": {
        "0401": "040132",
        "04013": "040132",
        "0501": "05011",
        "0502": "05023",
        "05022": "05023",
        "0504": "05043",
    },
    "public_premises": {"0501": "05013", "0502": "05024", "0504": "05041"},
    "street": {"0401": "040111", "04011": "040111", "040112": "040111"},
}
# Where robbery goes when the text says there was no violence or intimidation.
_THEFT_OF = {
    "0401": "0502",
    "04011": "05022",
    "040111": "050221",
    "040112": "050221",
    "040119": "050221",
    "04012": "0502",
    "040121": "050211",
    "040129": "0502",
    "04013": "05023",
    "040131": "05023",
    "040132": "05023",
    "04014": "05025",
    "04019": "0502",
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


_ABDUCTION_CODES = ("02021", "020219", "0202", "02022", "020221", "020222", "020229")
_RAPE_CODES = ("0301", "03011", "030111", "030112", "030113", "030119", "03012")
_TIP_CODES = ("0204", "02044", "02041", "02042", "02043", "0203", "02031", "02032", "0302")
_BRIBERY_CODES = ("0703", "07031", "070311", "070312")
_THREAT_CODES = ("0201", "02012", "020122", "02019")
_DUI_CODES = ("02072", "020721", "020722", "020729")
_ASSAULT_CODES = ("0201", "02011", "020111", "020112", "02019")
_NON_INTENTIONAL_CODES = ("0103", "01031", "01032", "010322", "0206", "02063", "02069", "0907")
_TRAFFIC_CODES = frozenset(
    {"010321", "02063", "02072", "020721", "020722", "020729", "0907", "050212"}
)
_HANDLING_SOURCES = ("05", "04", "0704", "07041", "07042")


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


def _promote(
    scores: dict[str, float],
    target: str,
    sources: tuple[str, ...],
    reasons: dict[str, str],
    why: str,
) -> None:
    """Put ``target`` just above the best of ``sources`` when one of them was retrieved: the text
    names the qualifier that decides between them."""
    present = [scores[c] for c in sources if c in scores and c != target]
    if present and max(present) * 1.05 > scores.get(target, 0.0):
        scores[target] = max(present) * 1.05
        reasons[target] = why


def apply_rules(scores: dict[str, float], cues: Cues) -> tuple[dict[str, float], dict[str, str]]:
    """New scores after the legal rules, and the rule that put each moved code in place."""
    out = dict(scores)
    reasons: dict[str, str] = {}
    _setting_rules(out, cues)
    _property_rules(out, cues, reasons)
    if cues.minor:
        _move(out, _CHILD_FORM, reasons, "rule: a minor as victim")
    _person_rules(out, cues, reasons)
    if cues.rape and not cues.violation:
        for code in out:  # a rape, not a "violación" of an order or a rule
            if not code.startswith(("01", "03", "1101")):
                out[code] *= _DAMPING
    if cues.weapon_means:
        for code in out:
            if code.startswith("0901"):
                out[code] *= _DAMPING  # the weapon is how, not what
    elif cues.firearm:
        _move(out, _FIREARM_FORM, reasons, "rule: the object is a firearm")
    if cues.drugs or cues.paraphernalia:
        _drug_rules(out, cues, reasons)
    if cues.bribery and cues.active != cues.passive:
        target = "070311" if cues.active else "070312"
        _promote(out, target, _BRIBERY_CODES, reasons, "rule: the direction of the bribe")
    if cues.pressure and (cues.voter or cues.justice_target):
        target = "08071" if cues.voter else "08061"
        _promote(out, target, tuple(out), reasons, "rule: who is threatened or bribed")
    if cues.hunting and out and max(out, key=out.__getitem__).startswith("10"):
        _promote(out, "10042", tuple(out), reasons, "rule: hunting or fishing")
    if cues.attempt:
        _move(out, {"0101": "0102"}, reasons, "rule: attempted intentional homicide is 0102")
    return out, reasons


def _setting_rules(out: dict[str, float], cues: Cues) -> None:
    """Damp categories whose defining setting the text does not name: acts leading to death need a
    death (or a life at stake), war crimes and the other acts under universal jurisdiction need
    their setting; a shared phrase such as "serious injury" is not enough."""
    for code in out:
        if (code.startswith("01") and not cues.lethal) or (
            code.startswith("1101") and not cues.universal
        ):
            out[code] *= _DAMPING


def _property_rules(out: dict[str, float], cues: Cues, reasons: dict[str, str]) -> None:
    if cues.without_violence and cues.theft:
        _move(out, _THEFT_OF, reasons, "rule: taken without violence or intimidation is theft")
    elif cues.violence and cues.theft:
        why = "rule: violence or intimidation makes theft robbery"
        _move(out, _ROBBERY_OF, reasons, why)
        for code in out:
            if code.startswith("04"):
                out[code] *= 1.5
        robberies = [c for c in out if c.startswith("04")]
        if robberies and not cues.lethal:  # a robbery unless a graver offence against the person
            best = max(robberies, key=lambda c: out[c])
            others = tuple(c for c in out if not c.startswith(("01", "02", "03", "04")))
            _promote(out, best, others, reasons, why)
    elif cues.theft and cues.force_on_things:
        for code in out:  # force on things and no violence named: burglary, not robbery
            if code.startswith("04"):
                out[code] *= 0.5
        burglaries = sorted((c for c in out if c.startswith("0501")), key=lambda c: -out[c])
        target = "05012" if cues.dwelling else burglaries[0] if burglaries else "0501"
        best = max(out, key=out.__getitem__, default="")
        if not best.startswith(target):
            _promote(out, target, tuple(out), reasons, "rule: theft with force on things")
    if cues.violence and cues.theft and cues.dwelling:
        _promote(
            out,
            "040112",
            ("0401", "04011", "040111", "040119"),
            reasons,
            "rule: robbery in a dwelling",
        )
    for premises, mapping in _PREMISES_FORM.items():
        if getattr(cues, premises) and not cues.vehicle and not cues.dwelling:
            _move(out, mapping, reasons, "rule: the premises named")
            break
    if cues.stolen_goods:
        sources = tuple(c for c in out if c.startswith(_HANDLING_SOURCES))
        _promote(out, "07049", sources, reasons, "rule: handling goods obtained by crime")
    if cues.vehicle and not (cues.death and cues.driving):
        _move(out, _VEHICLE_FORM, reasons, "rule: the object is a vehicle")
        if cues.temporary_use and not cues.violence:
            _promote(
                out, "050212", tuple(out), reasons, "rule: a vehicle taken for use, not to keep"
            )
        elif cues.theft and not cues.violence:
            target = "050213" if cues.parts else "050222" if cues.from_vehicle else "050211"
            thefts = {c: target for c in out if c.startswith("0502")}
            if cues.robo:  # Spanish "robo" without violence is often plain theft ("robo de auto")
                thefts.update({"040121": target, "0401": target})
            _move(out, thefts, reasons, "rule: theft of or from a vehicle")


def _person_rules(out: dict[str, float], cues: Cues, reasons: dict[str, str]) -> None:
    if not cues.threat:  # "serious injury" alone does not make a threat
        for code in out:
            if code.startswith("02012"):
                out[code] *= 0.5
    if not (cues.traffic or cues.vehicle):  # nor "reckless" a driving offence
        for code in out:
            if code in _TRAFFIC_CODES:
                out[code] *= 0.5
    if cues.driving and not cues.death and (cues.alcohol or cues.drugs):
        target = "02072" if cues.alcohol and cues.drugs else "020721" if cues.alcohol else "020722"
        _promote(out, target, _DUI_CODES, reasons, "rule: the substance named")
    if cues.negligence and cues.injury and not cues.death:
        target = "02063" if cues.driving or cues.vehicle else "0206"
        _promote(out, target, _ASSAULT_CODES, reasons, "rule: an injury caused by negligence")
    elif cues.no_injury:
        _promote(out, "020112", ("0201", "02011", "020111"), reasons, "rule: no injury caused")
    if cues.conspiracy and cues.death:
        # The ICCS index codes "conspiracy to murder" 0102 (an exclusion of 08064 says 0101).
        _promote(out, "0102", ("0101", "08064"), reasons, "rule: conspiracy to murder")
    if cues.death and (cues.driving or (cues.vehicle and cues.negligence)):
        _promote(
            out,
            "010321",
            (*_NON_INTENTIONAL_CODES, *_DUI_CODES, *(c for c in out if c.startswith("06"))),
            reasons,
            "rule: a death caused while driving",
        )
    elif cues.negligence and cues.death:
        _move(
            out,
            {"0101": "01032", "0102": "01032", "0103": "01032", "01031": "01032"},
            reasons,
            "rule: negligence causing death",
        )
    if cues.rape and cues.minor:
        sexual = tuple(c for c in out if c.startswith("03"))
        _promote(out, "030113", sexual, reasons, "rule: penetration with a minor")
    elif cues.rape:
        if cues.without_force:
            _promote(out, "030112", _RAPE_CODES, reasons, "rule: a victim unable to resist")
        elif cues.force:
            _promote(out, "030111", _RAPE_CODES, reasons, "rule: rape with force")
    if cues.trafficking:
        purposes = [
            code
            for code, named in (
                ("02041", cues.sexual_purpose),
                ("02042", cues.labour_purpose),
                ("02043", cues.organ_purpose),
            )
            if named
        ]
        if len(purposes) == 1:
            _promote(out, purposes[0], _TIP_CODES, reasons, "rule: the purpose of the trafficking")
    if cues.abduction and (cues.minor or cues.parent or cues.relative):
        if cues.parent:
            _promote(out, "020211", _ABDUCTION_CODES, reasons, "rule: abduction by a parent")
        elif cues.relative:
            _promote(out, "020212", _ABDUCTION_CODES, reasons, "rule: abduction by a relative")
        elif cues.taking_away and not cues.trafficking:
            _promote(
                out, "02021", (*_ABDUCTION_CODES, *_TIP_CODES), reasons, "rule: a minor taken away"
            )
    if cues.threat and cues.serious_threat:
        # The weapon is the threat's instrument, not the offence.
        sources = (*_THREAT_CODES, *(c for c in out if c.startswith("0901")))
        _promote(out, "020121", sources, reasons, "rule: a threat of death or with a weapon")


def _drug_rules(out: dict[str, float], cues: Cues, reasons: dict[str, str]) -> None:
    drug_codes = tuple(c for c in out if c.startswith("06"))
    if cues.paraphernalia:
        _promote(out, "06019", drug_codes, reasons, "rule: drug equipment")
    elif cues.cultivation:
        # Growing drugs: for one's own use 060112, to supply 060123, no purpose named 0601.
        if cues.personal_use and not cues.supply_purpose:
            target, why = "060112", "rule: drugs grown for personal use"
        elif cues.supply_purpose or cues.supply:
            target, why = "060123", "rule: drugs grown for supply"
        else:
            target, why = "0601", "rule: drugs grown, no purpose named"
        _promote(out, target, drug_codes, reasons, why)
    elif cues.personal_use and not cues.supply and not cues.supply_purpose:
        _move(
            out,
            {"0601": "060111", "06012": "060111", "060121": "060111", "06011": "060111"},
            reasons,
            "rule: drugs for personal use",
        )
    elif cues.supply_purpose or (cues.supply and not cues.personal_use):
        _move(
            out,
            {"0601": "060121", "06011": "060121", "060111": "060121", "06012": "060121"},
            reasons,
            "rule: drugs for supply",
        )
        if out and max(out.values()) > out.get("060121", 0.0):
            # The text names drugs and their supply: trafficking, whatever else it matched.
            out["060121"] = max(out.values()) * 1.05
            reasons["060121"] = "rule: drugs for supply"
