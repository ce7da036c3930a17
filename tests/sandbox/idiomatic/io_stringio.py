import io


def parse_csv(text):
    rows = []
    for line in io.StringIO(text):
        line = line.rstrip("\n")
        if line:
            rows.append(line.split(","))
    return rows


buffer = io.StringIO()
buffer.write("name,age\n")
for name, age in [("ann", 30), ("bob", 25)]:
    buffer.write(f"{name},{age}\n")
text = buffer.getvalue()
print(repr(text), parse_csv(text))
buffer.seek(0)
print(buffer.readline().strip(), buffer.read().count("\n"))
with io.StringIO() as out:
    print("inside", end="!", file=out)
    print(out.getvalue(), out.closed)
print(out.closed)
raw = io.BytesIO(b"binary\x00data")
print(raw.read(6), raw.read(), raw.getbuffer().nbytes)
wrapped = io.TextIOWrapper(io.BytesIO("line1\nlíne2\n".encode("utf-8")), encoding="utf-8")
print(wrapped.readlines())
