"""JSON routes of mentoring: skills, profiles, rounds, mentorships."""

from __future__ import annotations

from flask import jsonify

from forum.api import bp, created, json_body
from forum.current import signed_in
from forum.errors import Invalid
from forum.mentoring import rounds, services
from forum.mentoring import skills as skill_table
from forum.mentoring.models import MatchRound, Mentorship
from forum.mentoring.taxonomy import AREA_SLUGS
from forum.openapi import BOOL, INT, NUM, STR, TIME, array, nullable, obj, op, path_param, ref


def mentorship_json(m: Mentorship) -> dict:
    return {
        "id": m.id,
        "mentor": m.mentor.username,
        "mentee": m.mentee.username,
        "state": m.state,
        "score": m.score,
        "covered": [c["skill"] for c in m.covered],
        "goals": [{"skill": c["skill"], "from": c["current"], "to": c["target"]} for c in m.covered],
        "reasons": m.reasons,
        "thread_id": m.thread_id,
        "mentor_accepted": m.mentor_accepted_at is not None,
        "mentee_accepted": m.mentee_accepted_at is not None,
        "created_at": m.created_at.isoformat(),
        "started_at": m.started_at.isoformat() if m.started_at else None,
        "ended_at": m.ended_at.isoformat() if m.ended_at else None,
    }


def round_json(r: MatchRound) -> dict:
    return {
        "id": r.id,
        "published": r.published_at is not None,
        "published_at": r.published_at.isoformat() if r.published_at else None,
        "created_at": r.created_at.isoformat(),
        "policy": r.policy,
        "matched": r.matched,
        "total_score": r.total_score,
        "seconds": r.seconds,
        "pairs": [{"mentor": p["mentor"], "mentee": p["mentee"], "score": p["score"], "parts": p["parts"],
                   "covered": [c["skill"] for c in p["covered"]], "reasons": p["reasons"]}
                  for p in r.result.get("pairs", [])],
        "unmatched": [{"mentee": u["mentee"], "code": u["code"], "reason": u["reason"]}
                      for u in r.result.get("unmatched", [])],
        "skipped": r.result.get("skipped", []),
    }


@bp.get("/skills")
def skills():
    """The skill taxonomy."""
    return jsonify([s.to_dict() for s in services.skills()])


@bp.post("/skills")
def add_skill():
    """Add a skill to the taxonomy (admins)."""
    return created(skill_table.add_skill(signed_in(), json_body()).to_dict())


@bp.patch("/skills/<slug>")
def update_skill(slug):
    """Rename, move or retire a skill (admins)."""
    return jsonify(skill_table.update_skill(signed_in(), slug, json_body()).to_dict())


@bp.get("/me/skills")
def my_skills():
    """The signed-in member's self-assessment."""
    return jsonify({"levels": services.skill_levels(signed_in())})


@bp.put("/me/skills")
def put_my_skills():
    """Replace the signed-in member's self-assessment."""
    user = signed_in()
    levels = services.set_skill_levels(user, user, json_body().get("levels"))
    return jsonify({"levels": levels})


def _mentoring_json(user) -> dict:
    profile = services.profile_of(user)
    return {
        "mentor": {"capacity": profile.mentor_capacity} if profile and profile.mentor_capacity else None,
        "mentee": {"goals": services.goals_of(user)} if profile and profile.wants_mentor else None,
        "languages": sorted(profile.language_set) if profile else ["id"],
        "availability": sorted(profile.availability_set) if profile else [],
    }


@bp.get("/me/mentoring")
def my_mentoring():
    """Whether the signed-in member mentors or wants a mentor."""
    return jsonify(_mentoring_json(signed_in()))


@bp.put("/me/mentoring")
def put_my_mentoring():
    """Opt in or out as mentor and mentee."""
    user = signed_in()
    services.set_mentoring(user, user, json_body())
    return jsonify(_mentoring_json(user))


@bp.post("/matching/rounds")
def create_round():
    """Run a matching round (moderators); publish it at once if asked."""
    data = json_body()
    publish = data.get("publish", False)
    if not isinstance(publish, bool):
        raise Invalid(fields={"publish": "true or false"})
    round_ = rounds.run_round(signed_in(), data.get("policy"), publish=publish)
    return created(round_json(round_))


@bp.get("/matching/rounds/<int:round_id>")
def show_round(round_id):
    """A round's preview or result (moderators)."""
    return jsonify(round_json(rounds.get_round(signed_in(), round_id)))


@bp.post("/matching/rounds/<int:round_id>/publish")
def publish_round(round_id):
    """Publish a previewed round (moderators)."""
    return jsonify(round_json(rounds.publish_round(signed_in(), round_id)))


@bp.get("/me/mentorships")
def my_mentorships():
    """The signed-in member's mentorships, newest first."""
    return jsonify([mentorship_json(m) for m in services.mentorships_of(signed_in())])


@bp.get("/mentorships/<int:mentorship_id>")
def show_mentorship(mentorship_id):
    """One mentorship (its two people and moderators)."""
    return jsonify(mentorship_json(services.get_mentorship(signed_in(), mentorship_id)))


@bp.post("/mentorships/<int:mentorship_id>/accept")
def accept(mentorship_id):
    """Accept a proposed mentorship."""
    return jsonify(mentorship_json(services.accept(signed_in(), mentorship_id)))


@bp.post("/mentorships/<int:mentorship_id>/decline")
def decline(mentorship_id):
    """Decline a proposed mentorship."""
    return jsonify(mentorship_json(services.decline(signed_in(), mentorship_id)))


@bp.post("/mentorships/<int:mentorship_id>/checkins")
def add_checkin(mentorship_id):
    """Record a check-in."""
    data = json_body()
    checkin = services.add_checkin(signed_in(), mentorship_id, data.get("date"), data.get("note"))
    return created({"id": checkin.id, "date": checkin.happened_on.isoformat(), "note": checkin.note,
                    "author": checkin.author.username})


@bp.post("/mentorships/<int:mentorship_id>/complete")
def complete(mentorship_id):
    """Give feedback and complete the mentorship."""
    data = json_body()
    m = services.complete(signed_in(), mentorship_id, data.get("rating"), data.get("comment"),
                          data.get("end_levels"))
    return jsonify(mentorship_json(m))


@bp.post("/mentorships/<int:mentorship_id>/end")
def end(mentorship_id):
    """End an active mentorship early."""
    return jsonify(mentorship_json(services.end(signed_in(), mentorship_id)))


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_M = path_param("mentorship_id", description="the mentorship's id")
_R = path_param("round_id", description="the round's id")
_LEVELS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 4},
           "description": "skill slug: level 0 (none) .. 4 (can teach it)"}
_GOALS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 4},
          "description": "skill slug: target level 1..4"}
_PAIR = obj({"mentor": STR, "mentee": STR, "score": NUM, "covered": array(STR), "reasons": array(STR)},
            {"parts": {"type": "object"}})
_POLICY = obj({}, {"region": {"type": "string", "enum": ["neutral", "prefer", "avoid"]},
                   "objective": {"type": "string", "enum": ["max_matched", "max_score"]},
                   "min_score": {"type": "number", "minimum": 0, "maximum": 1000}})
_AREA = {"type": "string", "enum": list(AREA_SLUGS), "description": "an SKKNI bidang perpustakaan function"}
_NAME = {"type": "string", "minLength": 1, "maxLength": 160}
_STATE = {"type": "string", "enum": ["proposed", "active", "declined", "completed", "ended"]}

SCHEMAS = {
    "Skill": obj({"slug": STR, "name": STR, "area": _AREA, "retired": BOOL}, {"name_en": STR, "name_id": STR}),
    "Levels": obj({"levels": _LEVELS}),
    "Mentoring": obj({"mentor": nullable(obj({"capacity": INT})), "mentee": nullable(obj({"goals": _GOALS}))},
                     {"languages": array(STR), "availability": array(STR)}),
    "Mentorship": obj({"id": INT, "mentor": STR, "mentee": STR, "state": _STATE, "covered": array(STR),
                       "thread_id": nullable(INT)},
                      {"score": NUM, "reasons": array(STR), "mentor_accepted": BOOL, "mentee_accepted": BOOL,
                       "goals": array(obj({"skill": STR, "from": INT, "to": INT})), "created_at": TIME,
                       "started_at": nullable(TIME), "ended_at": nullable(TIME)}),
    "Round": obj({"id": INT, "pairs": array(_PAIR), "unmatched": array(obj({"mentee": STR, "reason": STR},
                                                                           {"code": STR}))},
                 {"published": BOOL, "published_at": nullable(TIME), "created_at": TIME, "policy": _POLICY,
                  "matched": INT, "total_score": NUM, "seconds": NUM, "skipped": array({})}),
    "CheckIn": obj({"id": INT, "date": {"type": "string", "format": "date"}, "note": STR, "author": STR}),
}

PATHS = {
    "/api/v1/skills": {
        "get": op("The skill taxonomy, retired skills too.", answer=array(ref("Skill")), auth="none",
                  tag="mentoring"),
        "post": op("Add a skill (admins).", ok=201, answer=ref("Skill"), tag="mentoring", errors=(409,),
                   body=obj({"slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 64},
                             "name_id": _NAME, "name_en": _NAME, "area": _AREA})),
    },
    "/api/v1/skills/{slug}": {"patch": op(
        "Rename, move or retire a skill (admins); an old slug (alias) names its skill too.", answer=ref("Skill"),
        tag="mentoring", errors=(404,), params=(path_param("slug", STR),),
        body=obj({}, {"retired": BOOL, "name_id": _NAME, "name_en": _NAME, "area": _AREA}))},
    "/api/v1/me/skills": {
        "get": op("The signed-in member's self-assessment.", answer=ref("Levels"), tag="mentoring"),
        "put": op("Replace the signed-in member's self-assessment (skills left out are 0).",
                  answer=ref("Levels"), tag="mentoring", body=obj({"levels": _LEVELS})),
    },
    "/api/v1/me/mentoring": {
        "get": op("Whether the signed-in member mentors or wants a mentor.", answer=ref("Mentoring"),
                  tag="mentoring"),
        "put": op("Opt in or out as mentor (capacity 1..10) and as mentee (goals above the current level).",
                  answer=ref("Mentoring"), tag="mentoring",
                  body=obj({}, {"mentor": nullable(obj({"capacity": {"type": "integer", "minimum": 1,
                                                                     "maximum": 10}})),
                                "mentee": nullable(obj({"goals": _GOALS})), "languages": array(STR),
                                "availability": array(STR), "supervisor": nullable(STR)})),
    },
    "/api/v1/matching/rounds": {"post": op(
        "Run a matching round (moderators); publish it at once if asked.", ok=201, answer=ref("Round"),
        tag="mentoring", errors=(409,), body=obj({}, {"publish": BOOL, "policy": _POLICY}))},
    "/api/v1/matching/rounds/{round_id}": {"get": op(
        "A round's preview or result (moderators).", answer=ref("Round"), tag="mentoring", params=(_R,),
        errors=(404,))},
    "/api/v1/matching/rounds/{round_id}/publish": {"post": op(
        "Publish a previewed round (moderators).", answer=ref("Round"), tag="mentoring", params=(_R,),
        errors=(404, 409))},
    "/api/v1/me/mentorships": {"get": op("The signed-in member's mentorships, newest first.",
                                         answer=array(ref("Mentorship")), tag="mentoring")},
    "/api/v1/mentorships/{mentorship_id}": {"get": op(
        "One mentorship (its two people and moderators).", answer=ref("Mentorship"), tag="mentoring",
        params=(_M,), errors=(404,))},
    "/api/v1/mentorships/{mentorship_id}/accept": {"post": op(
        "Accept a proposed mentorship (either party).", answer=ref("Mentorship"), tag="mentoring", params=(_M,),
        errors=(404, 409))},
    "/api/v1/mentorships/{mentorship_id}/decline": {"post": op(
        "Decline a proposed mentorship (either party).", answer=ref("Mentorship"), tag="mentoring",
        params=(_M,), errors=(404, 409))},
    "/api/v1/mentorships/{mentorship_id}/checkins": {"post": op(
        "Record a check-in in an active mentorship.", ok=201, answer=ref("CheckIn"), tag="mentoring",
        params=(_M,), errors=(404, 409),
        body=obj({"date": {"type": "string", "format": "date"}, "note": {"type": "string", "maxLength": 5000}}))},
    "/api/v1/mentorships/{mentorship_id}/complete": {"post": op(
        "Give feedback (1..5) and complete the mentorship.", answer=ref("Mentorship"), tag="mentoring",
        params=(_M,), errors=(404, 409),
        body=obj({"rating": {"type": "integer", "minimum": 1, "maximum": 5}},
                 {"comment": nullable({"type": "string", "maxLength": 5000}), "end_levels": _LEVELS}))},
    "/api/v1/mentorships/{mentorship_id}/end": {"post": op(
        "End an active mentorship early.", answer=ref("Mentorship"), tag="mentoring", params=(_M,),
        errors=(404, 409))},
}
