import difflib
import fnmatch
import keyword

a = ["apple", "banana", "cherry"]
b = ["apple", "blueberry", "cherry", "date"]
for line in difflib.unified_diff(a, b, fromfile="old", tofile="new", lineterm=""):
    print(line)
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))
sm = difflib.SequenceMatcher(None, "kitten", "sitting")
print(round(sm.ratio(), 3), sm.get_opcodes()[:2])
print(list(difflib.ndiff(["one\n", "two\n"], ["one\n", "tow\n"])))
files = ["main.py", "test_main.py", "README.md", "setup.cfg", "data.json"]
print(fnmatch.filter(files, "*.py"), fnmatch.fnmatch("test_x.py", "test_*"), fnmatch.fnmatchcase("A.PY", "*.py"))
print(keyword.iskeyword("lambda"), keyword.iskeyword("print"), len(keyword.kwlist) > 30, "match" in keyword.softkwlist)
