class AppError(Exception):
    """Base class for this app's errors."""

    code = 1

    def __init__(self, message, *, detail=None):
        super().__init__(message)
        self.detail = detail

    def __str__(self):
        base = super().__str__()
        return f"[{self.code}] {base}" + (f" ({self.detail})" if self.detail else "")


class NotFound(AppError):
    code = 404


class Forbidden(AppError):
    code = 403


def fetch(key, user):
    db = {"a": 1}
    if user != "admin":
        raise Forbidden("no access", detail=user)
    try:
        return db[key]
    except KeyError as e:
        raise NotFound(f"missing {key}") from e


for key, user in [("a", "admin"), ("b", "admin"), ("a", "guest")]:
    try:
        print(fetch(key, user))
    except AppError as e:
        cause = type(e.__cause__).__name__ if e.__cause__ else None
        print(type(e).__name__, e, e.code, cause, isinstance(e, Exception))
print([c.__name__ for c in (NotFound, Forbidden) if issubclass(c, AppError)])
