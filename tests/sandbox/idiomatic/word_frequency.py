from collections import Counter, defaultdict
import re

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."""

words = re.findall(r"[a-z']+", TEXT.lower())
counts = Counter(words)
print(len(words), len(counts))
for word, n in counts.most_common(5):
    print(f"{word:<8}{n:>3} {'#' * n}")
by_length = defaultdict(list)
for w in sorted(set(words)):
    by_length[len(w)].append(w)
print(dict(sorted(by_length.items())))
bigrams = Counter(zip(words, words[1:]))
print(bigrams.most_common(2))
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
