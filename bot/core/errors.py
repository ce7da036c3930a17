"""Domain exceptions. The core raises them; adapters show `str(error)` to the member as is."""

from datetime import date


class StudyError(Exception):
    """Base of every error a member may see. The message is safe and helpful to show in chat."""


class NoActiveRound(StudyError):
    def __init__(self) -> None:
        super().__init__("There is no question open right now. An admin can start one with /post.")


class RoundChanged(StudyError):
    """An answer for a round that is no longer the open one (e.g. a form opened earlier)."""

    def __init__(self) -> None:
        super().__init__(
            "That question is from an earlier round. Use the Answer button on the latest post."
        )


class RoundClosed(StudyError):
    """The round was skipped, or there is nothing to reveal."""


class RoundSkipped(RoundClosed):
    """The latest round was skipped by an admin: nothing to answer, show or reveal."""

    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(
            f"The round of {day:%a %d %b} was skipped; the next question comes on schedule."
        )


class NotAdmin(StudyError):
    def __init__(self, action: str) -> None:
        super().__init__(f"Only admins can {action}.")


class InvalidAnswer(StudyError):
    """The answer does not fit the question (e.g. option 'E' of four)."""


class InvalidSetting(StudyError):
    """A schedule or group setting value is not acceptable; the message says what is expected."""


class UsageError(StudyError):
    """A malformed command; the message carries the usage line."""


class NoQuestions(StudyError):
    def __init__(self) -> None:
        super().__init__("The question bank has no question matching this group's topics.")


class SandboxUnavailable(StudyError):
    """The sandbox is busy or this member is rate limited."""


class RateLimited(StudyError):
    """A member is doing something too often; nothing was done."""

    def __init__(self, what: str, retry_after: float) -> None:
        self.what, self.retry_after = what, retry_after
        wait = max(1, round(retry_after + 0.49))
        super().__init__(
            f"You are sending {what} too fast; nothing was done. Try again in {wait} s."
        )


class TamperedData(StudyError):
    """Data the bot round-tripped through the platform (form metadata) failed its check."""

    def __init__(self) -> None:
        super().__init__("That form is no longer valid. Open it again from today's post.")


class NotAMember(StudyError):
    """The caller is not a member of the group's channel (as the platform says), or that could
    not be checked: every read and write of a group is scoped to its members."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            detail
            or "Only members of the study group's channel can do that. Join the channel first."
        )


class AlreadyHandled(Exception):
    """A retried or replayed request whose work was done before: nothing was done again.
    Not a member's mistake: adapters drop it quietly (the first request was answered)."""
