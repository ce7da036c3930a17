"""The group pages on the bot's aiohttp server: server-rendered HTML (jinja2), inline SVG charts.

    add_web_routes(app, service, links)   # on the [server] (or Slack HTTP) aiohttp application

Every page lives under /web/{token}/, the signed link /dashboard hands out (bot.web.links): the
token names the group, the member and whether admin pages are allowed. A page reads only that
group's data; a round or member of another group is "not found". A refused link (tampered,
expired, revoked) gets a 403 page saying which and what to do (`bot.web.pages`: the link check,
rendering, the refusals).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.core.errors import StudyError
from bot.core.models import Actor, Period
from bot.core.periods import parse_period
from bot.web import data, svg
from bot.web.links import DashboardLinks, Grant
from bot.web.pages import FACTS, LINKS, SERVICE, not_found, page, page_context, render

if TYPE_CHECKING:
    from bot.core.service import StudyService

log = logging.getLogger(__name__)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@page()
async def board_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "board")
    service = ctx["service"]
    try:
        period = parse_period(request.query.get("period", "week"))
    except StudyError:
        period = Period.WEEK
    rows, mine, start = await data.board(service, ctx["group"], period, ctx["me"])
    top = rows[:10]
    chart = svg.bar_chart(
        [(r.entry.member.display_name, r.entry.points, f"{r.entry.points}") for r in top],
        f"Top {len(top)} by points",
        ", ".join(f"{r.entry.rank}. {r.entry.member.display_name}: {r.entry.points}" for r in top)
        or "Nobody has points yet.",
        css_class="board-chart",
        colours=[svg.MEDALS[r.entry.rank - 1] if r.entry.rank <= 3 else svg.BAR for r in top],
    )
    return render("board.html", **ctx, period=period, rows=rows, mine=mine, start=start,
                  chart=chart, periods=list(Period))  # fmt: skip


@page()
async def member_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "member")
    service = ctx["service"]
    try:
        member_id = int(request.match_info["member_id"])
    except ValueError:
        return not_found("member")
    if member_id != grant.member_id and not await data.member_in_group(
        service, grant.group_id, member_id
    ):
        return not_found("member in this group")
    member = await service.members.get(member_id)
    if member is None:
        return not_found("member")
    stats = await service.member_stats(grant.group_id, member)
    series = await data.points_over_time(service, grant.group_id, member_id)
    name = stats.member.display_name
    chart = svg.line_chart(
        series,
        f"Points of {name} over time",
        f"{len(series)} revealed rounds; {series[-1][1] if series else 0} points after the last.",
        css_class="points-chart",
    )
    recent = list(reversed(series[-10:]))
    return render("member.html", **ctx, stats=stats, chart=chart, recent=recent,
                  own=member_id == grant.member_id)  # fmt: skip


@page()
async def topics_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "topics")
    topics = await data.topic_mastery(ctx["service"], request.app[FACTS], grant.group_id)
    chart = svg.bar_chart(
        [(t.topic, t.accuracy * 100, f"{t.accuracy:.0%} of {t.answered}") for t in topics],
        "Share of correct answers per topic",
        "; ".join(f"{t.topic}: {t.accuracy:.0%} of {t.answered} answers" for t in topics)
        or "No revealed rounds yet.",
        css_class="topics-chart",
        colours=[svg.accuracy_colour(t.accuracy) for t in topics],
        maximum=100,
    )
    return render("topics.html", **ctx, topics=topics, chart=chart)


@page()
async def rounds_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "rounds")
    try:
        number = int(request.query.get("page", "1"))
    except ValueError:
        number = 1
    lines, pages = await data.round_history(
        ctx["service"], request.app[FACTS], grant.group_id, number
    )
    number = min(max(number, 1), pages)
    return render("rounds.html", **ctx, lines=lines, page=number, pages=pages)


@page()
async def round_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "rounds")
    try:
        round_id = int(request.match_info["round_id"])
    except ValueError:
        return not_found("round")
    detail = await data.round_detail(ctx["service"], request.app[FACTS], grant.group_id, round_id)
    if detail is None:  # another group's, still open (sealed), skipped or unknown: all alike
        return not_found("revealed round")
    chart = None
    if detail.options:
        chart = svg.bar_chart(
            [
                (f"{ltr}) {text}", n, f"{n}" + (" ✓ correct" if ok else ""))
                for ltr, text, n, ok in detail.options
            ],
            "Answers per option",
            "; ".join(
                f"{ltr}: {n}" + (" (correct)" if ok else "") for ltr, _, n, ok in detail.options
            ),
            css_class="options-chart",
            colours=[svg.GOOD if ok else svg.BAR for *_, ok in detail.options],
        )
    return render("round.html", **ctx, detail=detail, chart=chart)


def _schedule_fields(group) -> dict[str, str]:
    s = group.settings.schedule
    return {
        "time": s.post_time,
        "tz": s.timezone,
        "days": ",".join(WEEKDAYS[d] for d in s.weekdays),
        "reveal": s.reveal_time or "",
        "reveal_after": f"{s.reveal_after_hours:g}",
        "reminder": str(s.reminder_minutes or ""),
        "topics": ",".join(group.settings.topics) or "all",
        "enabled": "on" if s.enabled else "off",
    }


@page(admin=True)
async def schedule_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "schedule")
    service, group = ctx["service"], ctx["group"]
    error, saved, fields = "", False, _schedule_fields(group)
    status = 200
    if request.method == "POST":
        form = await request.post()
        fields = {key: str(form.get(key, "")).strip() for key in fields}
        fields["enabled"] = "on" if form.get("enabled") else "off"
        changes: dict[str, Any] = {
            "post_time": fields["time"],
            "timezone": fields["tz"],
            "weekdays": fields["days"],
            "reminder_minutes": fields["reminder"] or "off",
            "topics": fields["topics"],
            "enabled": fields["enabled"] == "on",
        }
        if fields["reveal"]:
            changes["reveal_time"] = fields["reveal"]
        else:
            changes["reveal_after_hours"] = fields["reveal_after"] or "12"
        member = await service.members.get(grant.member_id)
        try:  # the same validation as /schedule; listeners reschedule the group
            group = await service.update_settings(group.id, Actor(member, is_admin=True), **changes)
        except StudyError as exc:
            error, status = str(exc), 400
        else:
            saved, fields = True, _schedule_fields(group)
            ctx["group"] = group
    return render("schedule.html", status=status, **ctx, fields=fields, error=error, saved=saved,
                  topics=sorted(service.bank.topics()))  # fmt: skip


@page(admin=True)
async def bank_page(request: web.Request, grant: Grant) -> web.Response:
    ctx = await page_context(request, grant, "bank")
    bank = ctx["service"].bank
    topics = sorted(bank.topics())
    chosen = [t for t in request.query.getall("topic", []) if t in topics]
    questions = sorted(bank.filter(chosen or None), key=lambda q: (q.topic, q.difficulty, q.id))
    return render("bank.html", **ctx, topics=topics, chosen=chosen, questions=questions)


@page()
async def revoke_page(request: web.Request, grant: Grant) -> web.Response:
    await request.app[LINKS].revoke(grant.group_id, grant.member_id)
    return render("refused.html", status=200, title="Your links are revoked",
                  hint="Every link /dashboard gave you for this group stops working now. "
                  "/dashboard gives you a new one.", reason="revoked")  # fmt: skip


def add_web_routes(app: web.Application, service: StudyService, links: DashboardLinks) -> None:
    app[SERVICE] = service
    app[LINKS] = links
    app[FACTS] = data.RoundFacts()
    base = "/web/{token}"
    app.router.add_get(base + "/", board_page)
    app.router.add_get(base, board_page)
    app.router.add_get(base + "/members/{member_id}", member_page)
    app.router.add_get(base + "/topics", topics_page)
    app.router.add_get(base + "/rounds", rounds_page)
    app.router.add_get(base + "/rounds/{round_id}", round_page)
    app.router.add_route("GET", base + "/admin/schedule", schedule_page)
    app.router.add_route("POST", base + "/admin/schedule", schedule_page)
    app.router.add_get(base + "/admin/bank", bank_page)
    app.router.add_post(base + "/revoke", revoke_page)
