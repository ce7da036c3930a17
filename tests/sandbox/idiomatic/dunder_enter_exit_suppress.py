class Indenter:
    def __init__(self):
        self.level = 0

    def __enter__(self):
        self.level += 1
        return self

    def __exit__(self, *exc):
        self.level -= 1

    def print(self, text):
        print("    " * self.level + text)


with Indenter() as ind:
    ind.print("hi")
    with ind:
        ind.print("hello")
        with ind:
            ind.print("bonjour")
    ind.print("hey")


class Transaction:
    def __init__(self, account):
        self.account = account

    def __enter__(self):
        self.snapshot = dict(self.account)
        return self.account

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.account.clear()
            self.account.update(self.snapshot)
            print(f"rolled back after {exc_type.__name__}")
            return True
        return False


acct = {"balance": 100}
with Transaction(acct) as a:
    a["balance"] -= 30
with Transaction(acct) as a:
    a["balance"] -= 500
    raise ValueError("overdrawn")
print(acct)
