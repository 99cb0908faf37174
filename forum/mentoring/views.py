"""Pages of mentoring: my mentoring, the profile, a mentorship, the programme and rounds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from forum.accounts.services import require_moderator
from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.mentoring import explain, rounds, services
from forum.mentoring.forms import ActionForm, CheckInForm, CompleteForm, ProfileForm, RoundForm, WhyNotForm
from forum.mentoring.taxonomy import AREA_LABELS

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


@bp.get("/")
@login_required
def index():
    """My mentorships and where I stand in the programme."""
    me = signed_in()
    return render_template("mentoring/index.html", mentorships=services.mentorships_of(me),
                           profile=services.profile_of(me), goals=services.goals_of(me), form=ActionForm(),
                           skills=services.skills_by_slug())  # old slugs in earlier proposals too


def _profile_input(form) -> tuple[dict, dict]:
    skills = [s for _area, group in services.skills_by_area() for s in group]  # the form's: not retired
    levels = {s.slug: form.get(f"level-{s.slug}", "0") for s in skills}
    targets = {s.slug: form.get(f"target-{s.slug}") for s in skills if form.get(f"target-{s.slug}")}
    mentoring = {
        "mentor": {"capacity": form.get("capacity", "")} if form.get("mentor") else None,
        "mentee": {"goals": targets} if form.get("mentee") else None,
        "languages": form.getlist("languages"),
        "availability": form.getlist("availability"),
        "supervisor": form.get("supervisor", "").strip() or None,
    }
    return levels, mentoring


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Rate your skills, offer to mentor, or ask for a mentor."""
    me = signed_in()
    form = ProfileForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        levels, mentoring = _profile_input(request.form)
        try:
            services.save_profile(me, me, levels, mentoring)
        except ForumError as exc:
            errors = show_refusal(exc, inline=True)
        else:
            flash(_("Your mentoring profile is saved."), "success")
            return redirect(url_for("mentoring.index"))
    if request.method == "POST":
        values = request.form
    else:
        p = services.profile_of(me)
        values = {f"level-{k}": str(v) for k, v in services.skill_levels(me).items()}
        values.update({f"target-{k}": str(v) for k, v in services.goals_of(me).items()})
        if p:
            values.update(mentor="1" if p.mentor_capacity else "", capacity=str(p.mentor_capacity or 2),
                          mentee="1" if p.wants_mentor else "", supervisor=services.supervisor_name(p))
        values = _Values(values, languages=sorted(p.language_set) if p else ["id"],
                         availability=sorted(p.availability_set) if p else [])
    return render_template("mentoring/profile.html", form=form, errors=errors, values=values,
                           areas=services.skills_by_area(), area_labels=AREA_LABELS, languages=services.LANGUAGES, slots=services.SLOTS,
                           slot_label=explain.slot_label), 400 if errors else 200


class _Values(dict):
    """Stored values shaped like ``request.form`` for the template (``get`` and ``getlist``)."""

    def __init__(self, values: dict, **lists: list[str]):
        super().__init__(values)
        self._lists = lists

    def getlist(self, key: str) -> list[str]:
        return self._lists.get(key, [])


@bp.get("/m/<int:mentorship_id>")
@login_required
def mentorship(mentorship_id):
    """A mentorship: goals, check-ins, feedback, the private thread."""
    me = signed_in()
    m = services.get_mentorship(me, mentorship_id)
    return render_template("mentoring/mentorship.html", m=m, party=m.party(me), action=ActionForm(),
                           checkin=CheckInForm(), complete=CompleteForm(), skills=services.skills_by_slug(),
                           explain=explain.reasons)


@bp.post("/m/<int:mentorship_id>/<any(accept, decline, end):action>")
@login_required
def act(mentorship_id, action):
    """Accept, decline or end a mentorship."""
    if ActionForm().validate_on_submit():
        getattr(services, action)(signed_in(), mentorship_id)
        flash({"accept": _("You accepted."), "decline": _("You declined. The pair will not be proposed again."),
               "end": _("The mentorship has ended.")}[action], "success")
    return redirect(url_for("mentoring.mentorship", mentorship_id=mentorship_id))


@bp.post("/m/<int:mentorship_id>/checkin")
@login_required
def checkin(mentorship_id):
    """Record a check-in."""
    form = CheckInForm()
    if form.validate_on_submit():
        try:
            services.add_checkin(signed_in(), mentorship_id, form.happened_on.data, form.note.data)
        except ForumError as exc:
            show_refusal(exc)
        else:
            flash(_("Check-in saved."), "success")
    return redirect(url_for("mentoring.mentorship", mentorship_id=mentorship_id) + "#checkins")


@bp.post("/m/<int:mentorship_id>/complete")
@login_required
def complete(mentorship_id):
    """Give feedback; the mentee also records the levels reached."""
    form = CompleteForm()
    if form.validate_on_submit():
        levels = {k[len("end-"):]: v for k, v in request.form.items() if k.startswith("end-") and v != ""}
        try:
            services.complete(signed_in(), mentorship_id, form.rating.data, form.comment.data, levels or None)
        except ForumError as exc:
            show_refusal(exc)
        else:
            flash(_("Thank you for your feedback."), "success")
    return redirect(url_for("mentoring.mentorship", mentorship_id=mentorship_id))


def _moderator():
    return require_moderator(signed_in(), _("Only moderators run the mentoring programme."))


@bp.get("/programme")
@login_required
def programme():
    """The programme at a glance, for moderators: who waits, capacity, outcomes, rounds."""
    _moderator()
    return render_template("mentoring/programme.html", stats=services.programme_stats(), form=RoundForm(),
                           rounds=rounds.recent_rounds(), open=services.open_mentorships())


@bp.post("/rounds")
@login_required
def run_round():
    """Run a round as a preview."""
    form = RoundForm()
    if not form.validate_on_submit():
        return redirect(url_for("mentoring.programme"))
    data = {"region": form.region.data, "objective": form.objective.data, "min_score": form.min_score.data}
    try:
        round_ = rounds.run_round(signed_in(), data, publish=False)
    except ForumError as exc:
        show_refusal(exc)
        return redirect(url_for("mentoring.programme"))
    return redirect(url_for("mentoring.round_page", round_id=round_.id))


@bp.get("/rounds/<int:round_id>")
@login_required
def round_page(round_id):
    """A round's proposed pairs and unmatched mentees, with reasons; publish; ask why not."""
    round_ = rounds.get_round(signed_in(), round_id)
    why_form = WhyNotForm(request.args)
    answer = None
    if why_form.mentee.data and why_form.mentor.data:
        try:
            answer = rounds.why_not(signed_in(), why_form.mentee.data, why_form.mentor.data, round_.policy)
        except ForumError as exc:
            show_refusal(exc, why_form)
    return render_template("mentoring/round.html", round=round_, action=ActionForm(), why=why_form, answer=answer,
                           explain=explain.reasons, skills=services.skills_by_slug())


@bp.post("/rounds/<int:round_id>/publish")
@login_required
def publish(round_id):
    """Publish a previewed round: every pair becomes a proposal."""
    if ActionForm().validate_on_submit():
        round_ = rounds.publish_round(signed_in(), round_id)
        flash(_("Published: %(n)d proposals sent.", n=len(round_.result["pairs"]) - len(round_.result["skipped"])),
              "success")
    return redirect(url_for("mentoring.round_page", round_id=round_id))
