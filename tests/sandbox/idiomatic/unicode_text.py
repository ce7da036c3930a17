import unicodedata
import string

s = "Crème Brûlée – naïve café"
print(s.upper(), s.casefold(), len(s), s.encode("utf-8")[:10])
norm = unicodedata.normalize("NFKD", s)
ascii_only = "".join(c for c in norm if not unicodedata.combining(c))
print(ascii_only, len(norm))
print(unicodedata.name("é"), unicodedata.category("A"), unicodedata.lookup("SNOWMAN"), unicodedata.numeric("½"))
print("straße".upper(), "ǅ".lower(), "İ".lower().encode(), "ß".casefold())
print(string.ascii_letters[:5], string.digits, string.punctuation[:6], string.capwords("hello big world"))
tpl = string.Template("$who likes ${what}s")
print(tpl.substitute(who="Tim", what="apple"), tpl.safe_substitute(who="Ann"))
word = "racecar"
print(word == word[::-1], "".join(reversed("abc")), "a-b-c".split("-", 1), "x".center(5, "*"))
print("Hello World".swapcase(), "hello".title(), "  x ".strip(), "abc".zfill(6), "tab\there".expandtabs(4))
print([ord(c) for c in "AZaz"], chr(0x1F600).encode("utf-8"), "é".encode("latin-1"), b"\xc3\xa9".decode())
print("%-6s|" % "ab", "one two  three".split(), "a,b,,c".split(","), "line\nbreak".splitlines())
