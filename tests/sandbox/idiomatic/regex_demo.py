import re

text = "Contact: ann@example.com, bob.smith@mail.org; phone 555-1234 or (555) 987-6543."
emails = re.findall(r"[\w.]+@[\w]+\.\w+", text)
phones = re.findall(r"\(?\d{3}\)?[ -]?\d{3}-\d{4}|\d{3}-\d{4}", text)
print(emails, phones)
pattern = re.compile(r"(?P<user>[\w.]+)@(?P<domain>\w+\.\w+)")
for m in pattern.finditer(text):
    print(m.group("user"), m["domain"], m.start(), m.groupdict())
print(re.sub(r"\d", "#", "a1b22c333"), re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world"))
print(re.split(r"[;,]\s*", "a, b;c,  d"), re.fullmatch(r"\d{4}-\d{2}-\d{2}", "2024-01-31") is not None)
print(re.sub(r"[aeiou]", lambda m: m.group().upper(), "banana"), re.escape("a.b*c"))
log = "ERROR 12:00 disk full\nINFO 12:01 ok\nERROR 12:05 cpu hot"
print(re.findall(r"^ERROR (\S+) (.*)$", log, re.MULTILINE))
print(re.search(r"colou?r", "The COLOR red", re.IGNORECASE).group(), bool(re.match("b", "abc")))
camel = "someVariableNameHTTP"
print(re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower(), re.subn("a", "o", "banana"))
