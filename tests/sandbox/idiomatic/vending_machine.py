class VendingMachine:
    PRICES = {"cola": 150, "chips": 100, "candy": 65}

    def __init__(self):
        self.balance = 0
        self.stock = {k: 2 for k in self.PRICES}

    def insert(self, cents):
        if cents not in (5, 10, 25, 100):
            raise ValueError(f"rejected coin: {cents}")
        self.balance += cents

    def buy(self, item):
        price = self.PRICES[item]
        if self.stock[item] == 0:
            return f"{item} sold out"
        if self.balance < price:
            return f"insert {price - self.balance} more"
        self.stock[item] -= 1
        change, self.balance = self.balance - price, 0
        return f"{item}! change: {self.make_change(change)}"

    @staticmethod
    def make_change(amount):
        coins = {}
        for coin in (25, 10, 5):
            coins[coin], amount = divmod(amount, coin)
        return {c: n for c, n in coins.items() if n}


vm = VendingMachine()
for coin in (100, 25, 25, 25):
    vm.insert(coin)
print(vm.buy("cola"))
print(vm.buy("chips"))
vm.insert(100)
print(vm.buy("candy"), vm.stock)
try:
    vm.insert(3)
except ValueError as e:
    print(e)
