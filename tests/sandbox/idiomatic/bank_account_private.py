class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__(f"need {needed}, have {available}")
        self.needed = needed
        self.available = available


class BankAccount:
    interest_rate = 0.02
    _count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.__balance = balance
        BankAccount._count += 1
        self._history = []

    @property
    def balance(self):
        return self.__balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.__balance += amount
        self._history.append(("deposit", amount))
        return self

    def withdraw(self, amount):
        if amount > self.__balance:
            raise InsufficientFunds(amount, self.__balance)
        self.__balance -= amount
        self._history.append(("withdraw", amount))
        return self

    @classmethod
    def count(cls):
        return cls._count

    def __repr__(self):
        return f"BankAccount({self.owner!r}, balance={self.__balance})"


acct = BankAccount("ann", 100).deposit(50).withdraw(30)
print(acct, acct.balance, acct._history)
try:
    acct.withdraw(1000)
except InsufficientFunds as e:
    print("error:", e, e.needed)
try:
    acct.balance = 5
except AttributeError as e:
    print("AttributeError")
print(hasattr(acct, "__balance"), hasattr(acct, "_BankAccount__balance"))
BankAccount("bob")
print(BankAccount.count(), sorted(k for k in vars(acct)))
