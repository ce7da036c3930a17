class Card:
    RANKS = "23456789TJQKA"
    SUITS = "cdhs"

    def __init__(self, text):
        self.rank, self.suit = text[0], text[1]

    def __lt__(self, other):
        return (self.RANKS.index(self.rank), self.SUITS.index(self.suit)) < (
            self.RANKS.index(other.rank), self.SUITS.index(other.suit))

    def __eq__(self, other):
        return (self.rank, self.suit) == (other.rank, other.suit)

    def __hash__(self):
        return hash((self.rank, self.suit))

    def __repr__(self):
        return self.rank + self.suit


hand = [Card(t) for t in "Ah 2c Td Ts 9h 2d".split()]
print(sorted(hand), max(hand), min(hand), sorted(hand, reverse=True)[:2])
print(Card("Ah") in hand, len(set(hand + [Card("Ah")])))
