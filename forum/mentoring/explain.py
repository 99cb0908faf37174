"""Why a pair was proposed, in the reader's language.

The matcher explains pairs in English for moderators and the API; the pages
rebuild the same explanation from its parts (covered skills, shared
languages and free time, regions) so each reader gets their own language and
skill names instead of slugs.
"""

from __future__ import annotations

from flask_babel import gettext as _

from forum.mentoring.services import LANGUAGES


def slot_label(slot: str) -> str:
    return {"weekday-morning": _("weekday mornings"), "weekday-afternoon": _("weekday afternoons"),
            "weekday-evening": _("weekday evenings"), "weekend": _("weekends")}.get(slot, slot)


def facts_for(mentee, mentor) -> dict:
    """The facts behind a pair, from the matcher's inputs, stored with the pair."""
    return {
        "languages": sorted(mentee.languages & mentor.languages),
        "availability": sorted(mentee.availability & mentor.availability),
        "availability_known": bool(mentee.availability and mentor.availability),
        "mentee_region": mentee.region,
        "mentor_region": mentor.region,
    }


def reasons(covered: list[dict], facts: dict, skills: dict) -> list[str]:
    """Localised phrases: what the mentor covers, shared languages and time, regions."""
    if not facts:
        return []
    names = [f"{skills[c['skill']].name if c['skill'] in skills else c['skill']} {c['current']}→{c['target']}"
             for c in covered]
    out = [_("covers %(skills)s", skills=", ".join(names))]
    if facts.get("languages"):
        out.append(_("both speak %(languages)s",
                     languages=", ".join(LANGUAGES.get(code, code) for code in facts["languages"])))
    if facts.get("availability"):
        out.append(_("both free on %(times)s", times=", ".join(slot_label(s) for s in facts["availability"])))
    elif facts.get("availability_known"):
        out.append(_("no common free time"))
    if facts.get("mentee_region") and facts.get("mentor_region"):
        if facts["mentee_region"] == facts["mentor_region"]:
            out.append(_("same region: %(region)s", region=facts["mentee_region"]))
        else:
            out.append(_("different regions: %(mentee)s / %(mentor)s", mentee=facts["mentee_region"],
                         mentor=facts["mentor_region"]))
    return out
