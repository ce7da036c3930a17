class Database:
    __instance = None

    def __init__(self):
        if Database.__instance is not None:
            raise RuntimeError("use Database.get()")
        self.connections = 0

    @classmethod
    def get(cls):
        if cls.__instance is None:
            cls.__instance = cls()
        cls.__instance.connections += 1
        return cls.__instance


db = Database.get()
db2 = Database.get()
print(db is db2, db.connections)
try:
    Database()
except RuntimeError as e:
    print(e)


class Counter:
    count = 0

    def __init__(self):
        type(self).count += 1
        self.id = type(self).count


items = [Counter() for _ in range(3)]
print([c.id for c in items], Counter.count)
