class Playlist:
    def __init__(self, name, songs=()):
        self.name = name
        self.songs = list(songs)

    def __len__(self):
        return len(self.songs)

    def __getitem__(self, index):
        return self.songs[index]

    def __add__(self, other):
        return Playlist(f"{self.name}+{other.name}", self.songs + other.songs)

    def __iadd__(self, song):
        self.songs.append(song)
        return self

    def __mul__(self, n):
        return Playlist(self.name, self.songs * n)

    def __reversed__(self):
        return Playlist(self.name[::-1], self.songs[::-1])

    def __repr__(self):
        return f"Playlist({self.name!r}, {self.songs})"


a = Playlist("a", ["x", "y"])
b = Playlist("b")
print(bool(a), bool(b), len(a), a[0], a[-1], list(a))
b += "z"
print(a + b, a * 2, reversed(a), "y" in a, [s.upper() for s in a])
