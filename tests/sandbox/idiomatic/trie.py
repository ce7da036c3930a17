class TrieNode:
    def __init__(self):
        self.children = {}
        self.end = False


class Trie:
    def __init__(self):
        self.root = TrieNode()

    def insert(self, word):
        node = self.root
        for ch in word:
            node = node.children.setdefault(ch, TrieNode())
        node.end = True

    def search(self, word):
        node = self._find(word)
        return node is not None and node.end

    def starts_with(self, prefix):
        return self._find(prefix) is not None

    def _find(self, prefix):
        node = self.root
        for ch in prefix:
            node = node.children.get(ch)
            if node is None:
                return None
        return node

    def words(self, prefix=""):
        start = self._find(prefix)
        out = []

        def walk(node, path):
            if node.end:
                out.append(path)
            for ch in sorted(node.children):
                walk(node.children[ch], path + ch)

        if start:
            walk(start, prefix)
        return out


t = Trie()
for w in ["apple", "app", "apply", "bat", "bath", "banana"]:
    t.insert(w)
print(t.search("app"), t.search("appl"), t.starts_with("ba"))
print(t.words("ap"), t.words("ba"), t.words("z"))
